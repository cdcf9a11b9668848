"""A small domain lexicon: English and colloquial words mapped to the report's own wording.

Entries are about the domain (what a GDP or a base station is called in a work report), never about particular
questions: each maps a way people say something onto the term the report uses.
"""

from __future__ import annotations

# English words and phrases → report terms (matched on lower-cased question text, longest first).
ENGLISH: dict[str, str] = {
    "gdp": "地区生产总值", "gross domestic product": "地区生产总值", "economic output": "地区生产总值",
    "economy": "地区生产总值", "economic growth": "地区生产总值增长",
    "fixed-asset investment": "固定资产投资", "fixed asset investment": "固定资产投资", "investment": "投资",
    "key projects": "重点项目", "key project": "重点项目", "projects": "项目", "project": "项目",
    "retail sales": "社会消费品零售总额", "consumer goods": "社会消费品零售总额", "consumption": "消费",
    "online retail": "网络零售总额", "e-commerce": "电商", "livestream": "电商直播",
    "budget revenue": "一般公共预算收入", "public budget": "一般公共预算收入", "fiscal revenue": "一般公共预算收入",
    "farmland": "高标准农田", "high-standard": "高标准农田", "grain": "粮食总产", "harvest": "粮食总产丰",
    "per capita": "人均", "average": "平均", "per thousand": "每千", "brand": "品牌", "bumper": "连丰", "harvests": "粮食总产连丰", "corn": "玉米", "maize": "玉米", "yield": "单产", "beef cattle": "肉牛", "cattle": "肉牛", "cows": "母牛",
    "breeding cows": "基础母牛存栏", "fattening": "育肥", "fattened": "育肥", "slaughter": "屠宰", "inventory": "存栏",
    "stock": "存栏", "brand value": "品牌价值", "industry chain": "全产业链产值", "output value": "产值",
    "industrial": "工业", "enterprises above designated size": "规上企业", "above-scale": "规上",
    "value added": "增加值", "new energy": "新能源", "installed capacity": "装机规模", "capacity": "装机规模",
    "wind power": "风电", "power generation": "发电量", "electricity": "发电量", "loans": "贷款余额",
    "loan": "贷款余额", "bank": "银行", "tourists": "旅游人数", "tourism": "旅游", "visitors": "旅游人数",
    "scenic byway": "风景大道", "scenic road": "风景大道", "road": "公路", "roads": "公路", "highway": "公路",
    "rural roads": "农村公路", "rural road": "农村公路", "trunk": "干线公路", "maintenance": "养护", "maintain": "养护",
    "power lines": "线路", "power line": "线路", "grid": "线路", "5g": "5G基站", "base station": "基站",
    "base stations": "基站", "gigabit": "千兆城市", "technology": "科技", "science": "科技", "r&d": "科技",
    "high-tech": "高新技术企业", "high tech": "高新技术企业", "tech-based smes": "科技型中小企业",
    "smes": "中小企业", "technology transactions": "技术交易额", "patents": "专利", "innovation platforms": "创新平台",
    "expert teams": "专家团队", "academicians": "院士", "state-owned": "国企", "soe": "国企", "profit": "利润总额",
    "profits": "利润总额", "market entities": "市场主体", "businesses": "市场主体", "business": "企业",
    "companies": "企业", "company": "企业", "firms": "企业", "exports": "出口", "export": "出口",
    "foreign trade": "进出口总值", "imports and exports": "进出口总值", "trade": "进出口",
    "afforestation": "林业生态治理", "forestry": "林业生态治理", "grassland": "草原", "desert": "沙地",
    "sand control": "治沙", "desertification": "治沙", "air quality": "优良天数比例", "good air": "优良天数比例",
    "water quality": "水体比例", "idle land": "闲置土地", "energy-saving": "节能改造", "buildings": "建筑",
    "parks": "口袋公园", "park": "口袋公园", "pocket parks": "口袋公园", "heating": "供热", "heat exchange": "换热站", "pipelines": "管网", "pipeline": "管网", "pipes": "管网",
    "old residential": "老旧小区", "old neighborhoods": "老旧小区", "shanty": "棚户区", "water supply": "供水",
    "sewage": "污水处理", "garbage": "垃圾", "dilapidated": "危房", "renovate": "改造", "renovation": "改造", "upgrade": "改造", "toilets": "户厕", "toilet": "户厕",
    "poverty": "脱贫人口", "lifted out of poverty": "脱贫人口", "income": "人均可支配收入",
    "incomes": "人均可支配收入", "disposable income": "人均可支配收入", "rural": "农村", "urban": "城镇",
    "farmers": "农村居民", "residents": "居民", "people's livelihood": "民生", "livelihood": "民生",
    "spending": "支出", "expenditure": "支出", "jobs": "就业", "employment": "就业", "job": "就业",
    "migrant": "转移就业", "graduates": "高校毕业生", "labor brands": "劳务品牌", "schools": "中小学",
    "school": "学校", "kindergartens": "幼儿园", "school places": "学位", "hospital": "住院费用",
    "hospitalization": "住院费用", "medical institutions": "医疗机构", "blood donation": "无偿献血",
    "festival": "文化节", "events": "活动", "elderly care": "养老服务设施", "elderly": "养老", "aged care": "养老",
    "childcare": "托位", "nursery": "托位", "daycare": "托位", "rental housing": "保障性租赁住房",
    "public rental": "公租房", "gas alarms": "燃气泄漏报警器", "gas leak": "燃气泄漏报警器",
    "pension insurance": "基本养老保险参保率", "pension": "养老保险", "medical insurance": "医疗保险参保率",
    "health insurance": "医疗保险参保率", "insurance": "保险参保率", "minimum living": "最低生活保障标准",
    "subsistence": "最低生活保障标准", "welfare": "最低生活保障", "housing": "住房", "homes delivered": "交房",
    "delivered": "交房", "apartments": "套", "debt": "债务", "standards": "标准", "national standards": "国家标准",
    "awards": "荣获", "cattle conference": "牛业发展大会", "conference": "大会", "census": "经济普查",
    "double support": "双拥模范城", "villages": "嘎查村", "coverage": "覆盖", "embryo": "胚胎移植",
    "artificial insemination": "冷配", "family ranches": "家庭牧场", "ranches": "牧场",
    "agricultural industrial parks": "现代农业产业园", "industrial parks": "产业园", "water-saving": "节水",
    "chemical parks": "化工集中区", "chemical": "化工", "service enterprises": "服务业企业",
    "cultural tourism": "文旅融合", "cooperation": "合作", "liaoning": "辽宁省", "reservoir": "水库",
    "power supply": "供电能力", "housing delivered": "交房",
}

# Colloquial or paraphrased Chinese → the report's term (appended to the question, never replacing it).
CHINESE: dict[str, str] = {
    "固投": "固定资产投资", "牌子": "品牌", "值多少钱": "价值", "值多少": "价值", "gdp": "地区生产总值", "经济总量": "地区生产总值", "生产总值": "地区生产总值", "经济增速": "地区生产总值增长",
    "经济增长": "地区生产总值增长", "社零": "社会消费品零售总额", "消费品零售": "社会消费品零售总额",
    "财政收入": "一般公共预算收入", "粮食产量": "粮食总产", "打了多少粮": "粮食总产", "产粮": "粮食总产",
    "农民收入": "农村居民人均可支配收入", "农民的收入": "农村居民人均可支配收入", "农村收入": "农村居民人均可支配收入",
    "城里人收入": "城镇居民人均可支配收入", "城镇收入": "城镇居民人均可支配收入", "城市居民": "城镇居民",
    "招商": "签约引进项目", "外贸": "进出口总值", "进出口": "进出口总值", "低保": "最低生活保障标准",
    "养老保险": "基本养老参保率", "医保": "基本医疗保险参保率", "空气质量": "优良天数比例", "好天": "优良天数比例",
    "蓝天": "优良天数比例", "造林": "林业生态治理", "种树": "林业生态治理", "治沙": "综合治沙",
    "高新企业": "高新技术企业", "科技企业": "科技型中小企业", "国企利润": "市属国企利润总额", "市场主体": "市场主体",
    "企业户数": "市场主体", "旅游人次": "旅游人数", "游客": "旅游人数", "贷款": "贷款余额", "装机": "装机规模",
    "风电光伏": "新能源", "绿电": "新能源", "发电": "发电量占比", "托育": "婴幼儿托位", "托位": "婴幼儿托位",
    "幼儿托": "婴幼儿托位", "公租房": "公租房配租", "保障房": "保障性租赁住房", "燃气报警": "燃气泄漏报警器",
    "找工作": "就业", "就业岗位": "新增城镇就业", "毕业生": "高校毕业生就业", "住院": "次均住院费用",
    "看病": "住院费用", "献血": "无偿献血", "学位": "新增学位园位", "学校": "中小学、幼儿园", "修路": "公路",
    "农村路": "农村公路", "5g": "5G基站", "网店": "电商", "直播": "电商直播", "网购": "网络零售总额",
    "牛": "肉牛", "母牛": "基础母牛存栏", "养牛": "肉牛存栏", "屠宰": "屠宰加工", "玉米亩产": "玉米单产",
    "亩产": "单产", "老房子": "老旧小区", "危房": "改造危房", "厕所": "户厕", "公园": "口袋公园",
    "暖气": "供热", "供暖": "供热", "养老院": "养老服务设施", "适老化": "适老化改造", "交房": "保交楼交房",
    "交楼": "保交楼交房", "增速": "增长", "增幅": "增长", "涨了": "增长",
    "多了": "增长", "荒地": "批而未供和闲置土地", "闲置地": "闲置土地", "高速公路": "高速",
}

# Places other than the report's own city. A question about one of them is not answered from this report unless the
# figure's own sentence names that place (the report mentions neighbours, e.g. 通辽赤峰“双子星”建设).
OTHER_PLACES: tuple[str, ...] = (
    "北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海",
    "宁夏", "新疆", "香港", "澳门", "台湾", "呼和浩特", "包头", "乌海", "赤峰", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔",
    "乌兰察布", "兴安盟", "锡林郭勒", "阿拉善", "沈阳", "大连", "长春", "哈尔滨", "广州", "深圳", "杭州", "南京",
    "武汉", "成都", "西安", "全国", "全区", "内蒙古自治区", "beijing", "shanghai", "china's", "nationwide",
    "inner mongolia", "chifeng", "hohhot", "baotou", "ordos",
)

# Words that turn a metric into another one (GDP → per-capita GDP): a figure whose own words lack the modifier the
# question uses measures something else.
METRIC_MODIFIERS: tuple[str, ...] = ("人均", "平均", "每千", "每万", "每百")
