"""General lexical resources, filtered to a report's vocabulary: the bridges between how people ask and how the
report words things."""
