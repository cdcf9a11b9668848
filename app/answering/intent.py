"""What a question wants: a figure, a name, a list, measures, yes/no, a definition, an overview, a purpose or a
comparison. Decided from closed-class question words only (哪些/怎么/为什么/吗/which/why/is …), never from topics."""

from __future__ import annotations

import re

from app.retrieval.text import normalize

FIGURE, NAME, LIST, MEASURES, YESNO = "figure", "name", "list", "measures", "yesno"
DEFINITION, OVERVIEW, PURPOSE, COMPARISON = "definition", "overview", "purpose", "comparison"

_WH_ZH = r"什么|啥|哪|谁|怎么|怎样|咋|如何|多少|几|为什么|为何|何时|何地|何处"
_WH_EN = r"\b(?:what|which|who|whom|whose|where|when|why|how)\b"

# An amount the question states ("projects worth more than 10 million yuan") qualifies what is asked about: it
# asks for no amount and compares nothing.
_STATED_AMOUNT = re.compile(r"\b(?:worth |valued at |of )?(?:over |more than |above |at least |under |less than )?"
                            r"\d[\d,.]*\s*(?:million |billion |thousand )?yuan\b")


def asking_text(text: str) -> str:
    """The normalised question without the amounts it states: the words that say what it asks."""
    return _STATED_AMOUNT.sub(" ", normalize(text))

# 比 and 较 as comparison, not inside 比例/占比/比重/可比/比较优势.
_THAN = r"(?<![占可对同])比(?!例|重|较|率)|(?<!比)较(?!大|高|好|快|低|多|少)"
_COMPARISON = re.compile(
    _THAN + r"|相比|差几|相差|差距|差了?多少|对比|比较|多了?还是少|少了?多少|多了?多少|少建|多建|倍|"
    r"\b(?:compared?|than|difference|differ|versus|vs)\b|\bfewer\b|\bmore\b|\bless\b"
)
# One thing against another of the same year ("千亩方比万亩片多打多少斤"); "比上年增长" is a growth rate, not this.
_TWO_THINGS = re.compile(
    r"(?:" + _THAN + r")(?!上年|上一年|去年同期|前一年)[^，,。？?]{1,24}?(?:多|少|高|低|快|慢|增加|减少|大|小|差)|"
    r"\bthan\b(?! (?:the )?(?:previous|prior|last) year)|\bratio\b|\bcompared (?:with|to)\b"
)
_PURPOSE = re.compile(
    r"为什么|为何|为了什么|为了啥|为啥|(?:的|是|有何|什么)目的|目的(?:是|何在|在于)|意义|用意|图什么|干嘛|干啥用|有什么用|有啥用|有什么好处|有啥好处|"
    r"起什么作用|要干啥|要干什么|这是要|想达到|(?:带来|有)(?:什么|啥)(?:好处|作用|效果|意义)|起到(?:什么|啥)作用|指望|"
    r"图个?啥|图什么|想稳住|要稳住|要达到什么|达到什么(?:效果|目的|目标)|旨在|是为了|想让|要守住|要守护|守护好什么|"
    r"\bwhy\b|\bpurpose\b|\bwhat for\b|\bwhat is the point\b"
)
# English phrasings of intent that also frame a target ("What share … is meant to reach", "the goal of … how many"):
# a purpose only when the question asks for no figure.
_PURPOSE_EN_WEAK = re.compile(r"\bmeant to\b|\bintended to\b|\bin order to\b|\bthe aim of\b|\bthe goal of\b|\bbenefits?\b")
_DEFINITION = re.compile(
    r"什么是|什么叫|何谓|何为|是什么意思|什么意思|啥意思|啥叫|指的?是什么|指什么|是指|含义|意思是|具体指|具体是什么|"
    r"是什么[？?。!！\s]*$|是啥[？?。!！\s]*$|是个啥|是干啥的|是干什么的|意味着|怎么回事|怎么解释|说的是|"
    r"\bmean\b|\bmeans\b|\bmeaning\b|\brefers? to\b|\bstand for\b|\bdefin|\bwhat (?:is|are) (?:the )?[\"“'‘]|"
    r"\bwhat does .* (?:deal with|involve|entail|consist of|stand for)\b"
)
_OVERVIEW = re.compile(
    r"主要(?:成绩|成就|成效|工作|任务|内容|方面|干|做|讲|抓|打算|安排)|哪些(?:成绩|成就|成效)|"
    r"哪几(?:个|大|块|项)?(?:方面|部分|板块|块|件大事|大任务|项工作|个角度|个方向)|"
    r"几(?:个|大)?(?:部分|板块|块|件大事|大任务)|"  # "有几方面" asks a count (十方面), "哪几个方面" the parts
    r"总体|概括|概述|总结|归纳|大纲|提纲|框架|讲了(?:啥|什么|哪些)|包括(?:哪些|啥|什么)(?:方面|内容)?|都有(?:啥|什么|哪些)|"
    r"干得(?:咋样|怎么样)|成绩单|总(?:的|体)?(?:提法|标题|基调|方向|要求|思路)|怎么提的|大概要干|(?:这一|那一)?部分(?:包括|讲|说)|"
    r"\bmain (?:achievements|tasks|priorities|points|areas|parts|accomplishments|work)\b|\boverview\b|\bsummar|"
    r"\boutline\b|\bkey (?:tasks|priorities|achievements)\b|\bmajor (?:tasks|achievements)\b|\bwhat does .* cover\b|"
    r"\bwhat areas\b|\bwhat .* include\b|\bpriorities\b|\b(?:section|part|chapter) on\b|\bsum(?:s|med)? up\b"
)
# "有哪些措施" asks for measures even though it says 哪些; "打算在哪几个地方…" asks for the places.
_MEASURE_NOUNS = re.compile(
    r"(?:什么|啥|哪些|哪几项|何种)(?:样的)?(?:新|主要|具体|重点|重要)?(?:的)?(?:打算|措施|举措|做法|安排|计划|部署|政策|"
    r"行动|动作|工作|考虑|规划|改革|办法|招|支持|改进|提升计划|重点工作|具体措施)"
)
_MEASURES = re.compile(
    r"怎么(?:做|办|搞|干|抓|弄|推进|解决|治|管|帮|改|用|推|建|抓|发展|提升|保障|应对|加强|落实)|"
    r"如何|咋|怎样|采取|做些什么|干什么|做什么|准备|打算|有何|有没有(?:什么|啥)?(?:办法|措施|支持|打算)|"
    r"(?:什么|啥)说法|怎么说|(?:提到|讲|说)了?(?:什么|啥)|"
    r"\bwhat will\b|\bhow will\b|\bplanning to\b|\bplans? to do\b|\bdo to\b|\bhow does\b|\bhow do(?:es)? .* plan\b|\bwhat measures\b|\bwhat steps\b|"
    r"\bwhat actions?\b|\bwhat (?:are|is) the plans?\b|\bplans? (?:for|to)\b|\bwhat is being done\b|\bwhat is planned\b|"
    r"\bhow (?:is|are) .* (?:going|planning)\b|\bhow .* (?:improve|tackle|address|handle|deal|support|boost|promote)\b"
)
_LIST = re.compile(r"哪些|哪几|哪[两三四五六七八九十](?!个?字)|都有(?:啥|什么)|包括什么|包含什么|有什么(?!用|意思|好处)|有啥(?!用|意思)|列举|"
                   r"\bwhich\b.*\b(?:are|were|will|does|do)\b|\bwhat (?:kinds|types|sorts)\b|\blist\b|\bname the\b|"
                   r"\bwhich (?:\w+ )?(?:two|three|four|five)\b")
_NAME = re.compile(
    r"哪个|哪座|哪家|哪一|哪条|哪种|哪项|哪类|哪部|哪位|哪里|哪儿|在哪|什么地方|何地|谁|哪位|什么时候|何时|哪天|哪一天|几月|日期|"
    r"叫什么|叫啥|什么名|啥名|名称|称号|名字|什么(?:办法|方式|模式|机制|品牌|称号|荣誉|工程|行动|平台|城市|基地|中心|"
    r"项目|体系|理念|思路|口号|目标|主线|战略|节|会)|"
    r"\bwhich\b|\bwhere\b|\bwho\b|\bwhen\b|\bwhat (?:is|was) (?:the )?name\b|\bcalled\b|"
    r"\bwhat\b[\w\s'-]{0,30}?\b(?:title|name|brand|honou?r|award|goal|slogan|mechanism|method|approach|model|"
    r"platform|campaign|strategy|city|place|event|festival|type|kind)s?\b"
)
# A figure stated in a yes/no question ("6%", "2000多个", "两百亿斤", "七个百分点", "six percent"; not a year, not a
# quoted name such as “两个毫不动摇”): the report's own figure answers it, never a bare 是.
_UNIT = r"(?:个百分点|%|个|万|亿|元|亩|人|户|家|套|项|处|座|所|吨|头|斤|公里|千瓦|倍|成)"
_STATED_NUMBER = re.compile(
    r"(?<![a-z\d.])(?!(?:19|20)\d\d(?![\d.多余个万亿元亩人户家套项处座所吨头斤公里千瓦倍%]))\d+(?:\.\d+)?\s*(?:多|余)?"
    r"(?:" + _UNIT + r"|\s|$)|百分之|(?<!第)(?!一个)[一二两三四五六七八九十百千万亿]{1,6}" + _UNIT + r"|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand)\b"
    r"(?:\s+\w+)?\s+(?:percent|per cent|percentage|billion|million|thousand|hundred|kilomet|km\b|mu\b|yuan)"
)
# A date is asked: only a date as printed answers it.
WHEN = re.compile(r"什么时候|何时|哪天|哪一天|几月|几号|日期|\bwhen\b|\bwhat date\b|\bwhich (?:day|month)\b|\bwhat month\b")
# "用的什么办法" asks for the one method's name; "有什么办法" asks for measures.
_METHOD = re.compile(r"(?:用|采用|采取|靠|通过|按|是)(?:的|了)?(?:是)?(?:什么|啥|哪种|哪个)(?:办法|方式|模式|机制|方法|手段|思路)|"
                     r"\bwhat (?:method|approach|mechanism|model)\b")
_YESNO_ZH = re.compile(r"(?:吗|嘛|么|没有?|不)[？?。!！\s]*$|是否|是不是|有没有|会不会|能不能|要不要|可不可以|有无|还要不要")
_YESNO_EN = re.compile(r"^(?:is|are|will|does|do|did|has|have|was|were|can|could|should|shall)\b")
# "那几项行动" points at things ("those few"); it asks no number.
_FIGURE = re.compile(r"多少|(?<![那这])几(?!乎)|百分之|比例|占比|比重|多大|多高|多长|多快|多远|多久|"
                     # a magnitude asked ("达到什么水平", "何种规模", "what level")
                     r"(?:什么|啥|何种|哪种|怎样的)(?:水平|规模|量级)|\bwhat (?:level|scale|size)\b|\bhow (?:big|large)\b|\bhow (?:many|much)\b|\bwhat (?:percent|percentage|share|rate|"
                     r"proportion)\b|\bby how\b|\bhow fast\b|"
                     # English nouns of quantity after "what" ("What total profit…", "the total value of…") and
                     # ordinals asked with "which" ("Which edition…", "Which anniversary…").
                     r"\bwhat (?:was |is |were |are )?(?:the )?(?:\w+ )?(?:total|amount|number|value|volume|output|revenue|profit|"
                     r"income|sum|size|count)\b|\btotal (?:value|amount|number|output|volume)\b|"
                     r"\bwhich (?:edition|anniversary|session|round)\b")


def question_want(text: str, years_asked: int) -> str:
    """The kind of answer a question wants; `years_asked` is how many of the report's years it names."""
    low = asking_text(text).strip()
    asks_number = _FIGURE.search(low) or re.search(r"倍|\bthan\b|\bratio\b|\btimes\b|\bcompare\b", low)
    if asks_number and _COMPARISON.search(low) and (years_asked == 2 or _TWO_THINGS.search(low)):
        return COMPARISON
    if _PURPOSE.search(low) or (_PURPOSE_EN_WEAK.search(low) and not _FIGURE.search(low)):
        return PURPOSE
    if _OVERVIEW.search(low):
        return OVERVIEW
    if _DEFINITION.search(low) and not _FIGURE.search(low):
        return DEFINITION
    if _METHOD.search(low):
        return NAME
    wh = re.search(_WH_ZH, low) or re.search(_WH_EN, low)
    yes_no = (_YESNO_EN.search(low) and not re.search(r"\bhow (?:many|much)\b", low)) or (_YESNO_ZH.search(low) and not wh)
    if yes_no:
        # "去年GDP增长6%吗": the report's own figure answers it (5.2%), never a bare 是.
        return FIGURE if _STATED_NUMBER.search(re.sub(r"“[^”]*”|\"[^\"]*\"", " ", low)) else YESNO
    if _FIGURE.search(low) and not re.search(r"哪几|哪两|哪三|几(?:个|大|项)?(?:方面|类|种)", low):
        return FIGURE
    if WHEN.search(low):
        return NAME  # a date as printed ("“8·18”"), or nothing
    if _MEASURE_NOUNS.search(low):
        return MEASURES
    if _LIST.search(low) and re.search(r"哪", low):
        return LIST
    if _MEASURES.search(low):
        return MEASURES
    if _LIST.search(low):
        return LIST
    if _NAME.search(low) or re.search(_WH_ZH, low):
        return NAME
    return FIGURE  # "去年的固投增速", "What was GDP in 2023?": a metric named, nothing else asked


def asks_for_a_number(text: str) -> bool:
    """The question itself asks how much / how many (多少, 几, how many…), whatever else it wants."""
    return bool(_FIGURE.search(text.lower()))


def names_only_a_topic(text: str) -> bool:
    """No question word at all ("今年冬天供暖？"), or only "what about" ("What about heating?")."""
    low = normalize(text)
    return not (re.search(_WH_ZH, low) or re.search(_WH_EN, low) or _FIGURE.search(low)) or bool(
        re.search(r"\b(?:what|how) about\b|\btell me about\b", low))


# Words that ask rather than name what is asked about: removed before matching the question against the report.
QUESTION_WORDS = re.compile(
    r"是什么意思|什么意思|啥意思|是什么|什么是|什么叫|有什么|有哪些|有啥|是哪些|是哪个|是哪|是谁|有没有|是否|是不是|会不会|能不能|"
    r"要不要|为什么|为何|为了什么|为了啥|为啥|目的|意义|用意|怎么样|怎么|怎样|如何|咋样|咋|哪些|哪几|哪个|哪里|哪儿|哪|"
    r"什么|啥|谁|吗|嘛|呢|呀|啊|吧|哦|么|打算|措施|举措|安排|办法|方面|主要|具体|内容|情况|工作|一下|请问|告诉我|"
    r"\b(?:what|which|who|whom|where|when|why|how|is|are|was|were|will|would|does|do|did|has|have|can|could|should|"
    r"the|a|an|of|in|on|for|to|and|or|about|with|by|be|being|been|this|that|these|those|there|any|its|it|city|"
    r"tongliao|plan|plans|planned|planning|going|measures|steps|mean|meaning|purpose|report|government|year|"
    r"last|main|done|kind|kinds|type|types)\b"
)
