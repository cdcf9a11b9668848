"""Question answering over government work reports, with verbatim citations."""
