"""Whether a unit belongs to 中央: the central departments and their units (a university of 教育部 belongs
to 中央 wherever it stands).

Known from the unit's name (a central department by its full, short or former name, or a unit named after
one: 国家统计局某某调查总队, 国家税务总局某某市税务局; a unit named after the state: 中华人民共和国某某海关) or
from what the report says of itself: that it is a 中央部门, 中央本级, a 中央级 or 中央高校 unit, that a
central department runs it directly (教育部直属), that its 财政拨款收入 is 中央财政's ('指中央财政当年
拨付'). A unit whose name begins with a place of its own (江苏省…, 重庆市…) is never 中央.
"""
from __future__ import annotations

import re

# The departments of the central government, party and mass organisations that publish 部门预算/决算.
DEPARTMENTS = (
    "中共中央办公厅", "中共中央组织部", "中共中央宣传部", "中共中央统一战线工作部", "中共中央对外联络部",
    "中共中央政法委员会", "中共中央政策研究室", "中共中央党校", "中共中央党史和文献研究院", "中央和国家机关工作委员会",
    "中央纪委国家监委", "中央机构编制委员会办公室", "中央网络安全和信息化委员会办公室", "中央外事工作委员会办公室",
    "中央财经委员会办公室", "中央社会工作部", "中央金融委员会办公室", "中央港澳工作办公室", "中央台湾工作办公室",
    "中央档案馆", "中央文史研究馆", "中央广播电视总台",
    "全国人大常委会办公厅", "全国人民代表大会常务委员会办公厅", "全国政协办公厅", "中国人民政治协商会议全国委员会办公厅",
    "最高人民法院", "最高人民检察院", "国务院办公厅", "国务院研究室", "国务院参事室", "国务院发展研究中心",
    "国务院港澳事务办公室", "国务院台湾事务办公室", "国务院新闻办公室", "国务院国有资产监督管理委员会",
    "外交部", "国防部", "国家发展和改革委员会", "教育部", "科学技术部", "工业和信息化部", "国家民族事务委员会",
    "公安部", "国家安全部", "民政部", "司法部", "财政部", "人力资源和社会保障部", "自然资源部", "生态环境部",
    "住房和城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部", "国家卫生健康委员会",
    "退役军人事务部", "应急管理部", "中国人民银行", "审计署", "海关总署", "国家税务总局", "国家市场监督管理总局",
    "国家金融监督管理总局", "中国证券监督管理委员会", "国家广播电视总局", "国家体育总局", "国家信访局", "国家统计局",
    "国家知识产权局", "国家国际发展合作署", "国家医疗保障局", "国家机关事务管理局", "国家互联网信息办公室",
    "国家粮食和物资储备局", "国家能源局", "国家国防科技工业局", "国家烟草专卖局", "国家移民管理局", "国家林业和草原局",
    "国家铁路局", "中国民用航空局", "国家邮政局", "国家文物局", "国家中医药管理局", "国家疾病预防控制局",
    "国家矿山安全监察局", "国家消防救援局", "国家外汇管理局", "国家药品监督管理局", "国家数据局", "国家新闻出版署",
    "国家版权局", "国家宗教事务局", "国家公务员局", "中国气象局", "中国地震局",
    "中国科学院", "中国社会科学院", "中国工程院", "新华通讯社", "人民日报社", "求是杂志社", "光明日报社", "经济日报社",
    "中国日报社", "中国外文出版发行事业局",
    "中华全国总工会", "中国共产主义青年团中央委员会", "共青团中央", "中华全国妇女联合会", "中国科学技术协会",
    "中华全国归国华侨联合会", "中华全国台湾同胞联谊会", "中国文学艺术界联合会", "中国作家协会", "中国残疾人联合会",
    "中国红十字会总会", "中国法学会", "中国国际贸易促进委员会", "中国人民对外友好协会", "中国记者协会", "欧美同学会",
    "黄埔军校同学会", "中国计划生育协会", "中国宋庆龄基金会", "中国福利会",
    # also publishing: the 国家自然科学基金委员会, 供销总社, the bureaux printed beside their parent's name, and the
    # river commissions of 水利部 (their units: 长江水利委员会水文局 …)
    "国家自然科学基金委员会", "中华全国供销合作总社", "国家电影局", "国家档案局", "国家保密局", "国家密码管理局",
    "国家航天局", "国家原子能机构", "长江水利委员会", "黄河水利委员会", "淮河水利委员会", "海河水利委员会",
    "珠江水利委员会", "松辽水利委员会", "太湖流域管理局",
    # short forms the departments' own reports and units print (国家发展改革委, 人力资源社会保障部 …)
    "中央组织部", "中央宣传部", "中央统战部", "中央对外联络部", "中央政法委", "中央政策研究室", "中央党校",
    "中央党史和文献研究院", "中央国家机关工委", "中央编办", "中央网信办", "中央外办", "中央财办", "中央金融办",
    "中央港澳办", "中央台办", "中央纪委", "全国人大", "全国政协", "国务院国资委", "国务院港澳办", "国务院台办",
    "国务院新闻办", "国家发展改革委", "国家民委", "人力资源社会保障部", "住房城乡建设部", "国家卫生健康委",
    "国家市场监管总局", "国家金融监管总局", "中国证监会", "国家广电总局", "国家医保局",
    "国家粮食和储备局", "国家国防科工局", "国家烟草局", "国家移民局", "国家林草局", "中国民航局", "国家中医药局",
    "国家疾控局", "国家矿山安监局", "国家外汇局", "国家药监局", "中国残联", "全国妇联", "中国科协", "全国总工会",
    "中国侨联", "全国台联", "中国文联", "中国作协", "中国贸促会", "中国外文局",
    # names before the 2018 and 2023 reforms, in earlier years' reports
    "国家卫生和计划生育委员会", "国家卫生计生委", "国土资源部", "环境保护部", "农业部", "文化部", "监察部",
    "国家旅游局", "国家海洋局", "国家测绘地理信息局", "国家食品药品监督管理总局", "国家质量监督检验检疫总局",
    "国家工商行政管理总局", "国家安全生产监督管理总局", "国家新闻出版广电总局", "国家林业局", "国家粮食局",
    "国家外国专家局", "国家行政学院", "国务院侨务办公室", "国务院法制办公室", "国务院扶贫开发领导小组办公室",
    "国家乡村振兴局", "中国银行业监督管理委员会", "中国保险监督管理委员会", "中国银行保险监督管理委员会",
    "国家信息中心", "国家质检总局", "国家安全监管总局", "国家食品药品监管总局", "国家工商总局",
)
# The prefix of the vertically managed units named for the state (中华人民共和国上海海关, …海事局, …出入境边防检查站)
_STATE = "中华人民共和国"
# What a central unit's report says of itself.
# What only a unit a central department runs says: 教育部直属, 中央高校, 中央部属 (not 中央部门 alone, which a local
# report may name in passing)
_RUN_BY = f"中央高校|中央部属|指中央财政|({'|'.join(DEPARTMENTS)})(直属|所属|部属)"
_SAYS = re.compile(f"中央部门|中央本级|中央级|中央国家机关|中央财政拨款收入|{_RUN_BY}")


def names_central(unit: str) -> bool:
    """A central department, or a unit named after one (国家统计局上海调查总队, 国家税务总局苏州市税务局, 教育部考试中心)
    or after the state (中华人民共和国上海海关)."""
    return unit.startswith(_STATE) or any(unit.startswith(d) for d in DEPARTMENTS)


def says_central(text: str) -> bool:
    """The report says it is a central unit's (中央部门, 中央本级, 教育部直属 …)."""
    return _SAYS.search(re.sub(r"\s+", "", text)) is not None


def says_run_by_central(text: str) -> bool:
    """The report says a central department runs the unit (教育部直属, 中央高校 …): a university named after its
    city (北京大学) is 中央's."""
    return re.search(_RUN_BY, re.sub(r"\s+", "", text)) is not None
