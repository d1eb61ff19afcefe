"""The words of the data and the tolerances of reading it, each spelled once.

The codes the database stores (doc_kind, scope, fund, 三公 item) with their Chinese labels, the
words that name an item in a table and in the narrative, and the numeric settings the parsers and
checks share, as pdfplumber keeps its table settings in one place: change a word or a tolerance here
and every reader, check, page and generated sample that uses it moves together.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

DOC_KINDS = {"final": "决算", "budget": "预算"}
SCOPES = {"department": "部门", "unit": "单位"}
FUNDS = {"all": "全部资金", "general": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
         "state_capital": "国有资本经营预算财政拨款", "appropriation": "财政拨款（各项预算合计）"}


@dataclass(frozen=True)
class Item:
    """One item of a set a report prints (the 三公 items, what it discloses): the key the database
    stores, the label pages and messages name it by, the words (regular expressions) that name it in a
    table's header or row label and in the narrative's sentences, the item it is a part of, and the
    支出经济分类 款 that holds the same money in the 基本支出 tables. A disclosed item also has its topic
    and the unit its figure is stated in (CONTRACT.md 'disclosures'), and how a sentence states it."""
    key: str
    label: str
    header: str | None = None  # None: no table is read for it by its words
    prose: str | None = None  # None: the narrative is not read for it
    parent: str | None = None
    economic: str | None = None
    topic: str | None = None
    unit: str | None = None  # '万元', '辆', '台（套）', '人', '%'
    part: str | None = None  # labels naming a part: parts stated in one sentence add up (部级 and 主要领导干部用车,
    #                          行政编制 and 事业编制) unless the sentence first states the whole (编制数)
    held: bool = False  # a count of what the unit holds: not read where the sentence speaks of buying
    context: str | None = None  # words the sentence or its heading must say (服务 is procurement only where 采购 is)


# The 三公 items, in the order pages list them. An item comes before its parts: the narrative's
# '公务用车购置及运行费' is read whole before '公务用车购置…' could be.
_RUN = r"运行(?:维护|维修)?费|运维费"
SANGONG = (
    Item("total", "“三公”经费合计", r"合计|总计|三公", r"“?三公”?经费"),
    Item("overseas", "因公出国（境）费", r"出国", r"因公出国[（(]境[)）]费", "total", "30212"),
    Item("vehicle", "公务用车购置及运行维护费", r"公务用车", r"公务用车购置及运行(?:维护|维修)?费", "total"),
    Item("vehicle_purchase", "公务用车购置费", r"购置", r"公务用车购置(?:费)?", "vehicle"),
    Item("vehicle_operation", "公务用车运行维护费", _RUN, r"公务用车运行(?:维护|维修)?费", "vehicle", "30231"),
    Item("reception", "公务接待费", r"接待", r"公务接待费", "total", "30217"),
    Item("meeting", "会议费", r"会议"),  # printed beside 三公 in some tables, not part of it
    Item("training", "培训费", r"培训"),
)
SANGONG_BY_KEY = {i.key: i for i in SANGONG}
SANGONG_ITEMS = {i.key: i.label for i in SANGONG}
SANGONG_PROPER = tuple(i.key for i in SANGONG if i.key == "total" or i.parent)  # not 会议费, 培训费


def _disclosed(topic: str, key: str, label: str, words: str | None, unit: str, **how) -> Item:
    """A disclosed item: the same words name it in a table's row and in a sentence."""
    return Item(key, label, words, words, topic=topic, unit=unit, **how)


# What a report discloses beyond its tables (CONTRACT.md 'disclosures'), in the order pages list them;
# the items a sentence names by its words in the order the narrative reader tries them. 车辆总数 has two
# wordings: a total said as one ('共有车辆'), and plain 车辆 where the passage speaks of 资产.
_BUYING = "采购"
_LEADERS = r"(?:[^，,；;、：:。]{0,12}?领导(?:干部)?(?:用车|专车)|主要负责人用车)"
_PROCUREMENT = r"(?:政府采购)?(?:拟)?(?:采购|购买)?{}(?:类)?"
DISCLOSED = (
    _disclosed("operating_costs", "total", "机关运行经费",
               r"(?:行政(?:[（(]事业[)）])?单位)?机关(?:[（(]机构[)）])?(?:运行|运转)经费|机关运行费", "万元"),
    _disclosed("procurement", "total", "政府采购总额", r"政府采购", "万元"),
    _disclosed("procurement", "goods", "货物", _PROCUREMENT.format("货物"), "万元", context=_BUYING),
    _disclosed("procurement", "works", "工程", _PROCUREMENT.format("工程"), "万元", context=_BUYING),
    _disclosed("procurement", "services", "服务", _PROCUREMENT.format("服务"), "万元", context=_BUYING),
    _disclosed("procurement", "sme", "授予中小企业",
               r"授予中小企业|(?:面向|预留给)中小企业(?:预留)?的?(?:政府采购)?(?:项目)?", "万元", context=_BUYING),
    _disclosed("procurement", "small_micro", "其中：授予小微企业",
               r"(?:授予|面向|预留给)(?:小微企业|小型和?、?微型企业)(?:预留)?的?(?:政府采购)?(?:项目)?", "万元",
               context=_BUYING),
    _disclosed("procurement", "sme_share", "中小企业占比", None, "%"),
    _disclosed("assets", "vehicles", "车辆总数", r"(?:共有|现有|实有|拥有|占有|共计|合计)(?:各类|公务)?(?:车辆|公务用车|公务车|汽车)|"
                                                  r"(?:车辆|公务用车)(?:总数|总计|合计|共计|共|保有量|保有数|实有数)", "辆",
               held=True),
    _disclosed("assets", "vehicles", "车辆总数", r"(?:公务)?车辆", "辆", held=True, context="资产"),
    _disclosed("assets", "vehicles_leaders", "领导干部用车", _LEADERS, "辆", part=".", held=True),
    _disclosed("assets", "vehicles_general", "一般公务用车", r"一般公务用车", "辆", held=True),
    _disclosed("assets", "vehicles_confidential", "机要通信用车", r"机要通信(?:用)?车", "辆", held=True),
    _disclosed("assets", "vehicles_emergency", "应急保障用车", r"应急保障(?:用)?车", "辆", held=True),
    _disclosed("assets", "vehicles_law", "执法执勤用车", r"(?:一般)?执法执勤(?:用)?车", "辆", held=True),
    _disclosed("assets", "vehicles_special", "特种专业技术用车", r"特种专业(?:技术)?用车|专业技术用车", "辆", held=True),
    _disclosed("assets", "vehicles_retiree", "离退休干部用车", r"离退休干部(?:服务)?(?:用)?车", "辆", held=True),
    _disclosed("assets", "vehicles_other", "其他用车", r"其他(?:用车|车辆)", "辆", held=True),
    # 单价 N 万元以上设备: named by its threshold (parsers.disclosures._EQUIPMENT), not by words of its own
    _disclosed("assets", "equipment_general", "通用设备", None, "台（套）"),
    _disclosed("assets", "equipment_special", "专用设备", None, "台（套）"),
    _disclosed("assets", "equipment", "大型设备", None, "台（套）"),
    _disclosed("assets", "assets_total", "资产总额", r"(?:国有)?资产总(?:额|计)", "万元"),
    _disclosed("staff", "authorized", "编制数", r"(?:核定|人员|行政|事业|机关|参公|工勤|行政政法(?:人员)?|政法专项)?编制",
               "人", part=r"^(?:行政|事业|机关|参公|工勤|行政政法|政法专项)"),
    _disclosed("staff", "actual", "实有人数", r"实有(?:人数|人员)?|在职(?:在编)?(?:人员|职工)?(?:人数)?|在编(?:人员|人数)?", "人"),
    _disclosed("staff", "retired", "离退休人员", r"离退休(?:人员|干部)?(?:人数)?|离休(?:人员|干部)?|(?<!离)退休(?:人员|干部)?",
               "人", part=r"^(?:离休|退休)"),
)
DISCLOSED_BY_KEY = {(i.topic, i.key): i for i in DISCLOSED}  # of 车辆总数's two wordings, the first
VEHICLE_KINDS = tuple(k for t, k in DISCLOSED_BY_KEY if t == "assets" and k.startswith("vehicles_"))


def parts_of(key: str, items: tuple[Item, ...] = SANGONG) -> tuple[str, ...]:
    """The items an item is the sum of, in order."""
    return tuple(i.key for i in items if i.parent == key)


def leaves_of(key: str, items: tuple[Item, ...] = SANGONG) -> tuple[str, ...]:
    """The items below an item that have no parts of their own, in order (三公: 出国, 购置, 运行维护, 接待)."""
    return tuple(leaf for part in parts_of(key, items) for leaf in (leaves_of(part, items) or (part,)))


def breakdowns(key: str, items: tuple[Item, ...] = SANGONG) -> list[set[str]]:
    """The sets of items that make up an item whole: its parts, and the finest items below it."""
    parts, finest = set(parts_of(key, items)), set(leaves_of(key, items))
    return [parts] + ([finest] if finest != parts else []) if parts else []


SANGONG_COMPONENTS = leaves_of("total")  # the items the 三公 total is the sum of, finest


def prose_pattern(items: tuple[Item, ...], prefix: str = "") -> str:
    """One alternation naming each item the narrative is read for as a group (prefix + key)."""
    return "|".join(f"(?P<{prefix}{i.key}>{i.prose})" for i in items if i.prose)


# 支出功能分类 类 (the national classification), in the order the 收入支出总表 lists them: the names of
# the 类 a report prints only 款 or 项 rows of (schema writes them as the function_classes table).
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "210": "卫生健康支出", "211": "节能环保支出", "212": "城乡社区支出",
    "213": "农林水支出", "214": "交通运输支出", "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出", "217": "金融支出", "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出", "229": "其他支出",
    "231": "债务还本支出", "232": "债务付息支出", "234": "抗疫特别国债安排的支出",
}
PARTS = {None: "完整报告", "tables": "仅表格（公开表格）", "narrative": "仅情况说明（公开文件，无表格）"}


@dataclass(frozen=True)
class Tolerances:
    """How far printed figures may disagree before a reader or a check calls them different."""
    cent: Decimal = Decimal("0.01")  # one printed cent (a check allows it per summed term: judgement.JUDGEMENT)
    match: Decimal = Decimal("0.011")  # two printed figures of one 万元 amount (a code's total found again elsewhere)
    line_term: Decimal = Decimal("0.05")  # per term in a text dump's sums: half a unit of one printed decimal
    rate_points: Decimal = Decimal("0.6")  # a printed 执行率 against executed / budget, in percentage points


TOLERANCES = Tolerances()


@dataclass(frozen=True)
class Layout:
    """How far the loader looks and how long a line may be before it means something else."""
    title_lookback: int = 10  # text lines above a table searched for its title
    prose_len: int = 45  # a line this long with sentence punctuation is prose, not a title
    max_title_len: int = 60  # a longer line names no table
    own_unit_rows: int = 5  # top rows of a table that may state its own amount unit
    title_len: int = 40  # a cover or heading line (identification)
    cover_lines: int = 12  # first lines searched for a cover's unit line
    max_fragment: int = 3  # characters of a label's last word wrapped onto the next line
    min_prose: int = 120  # characters of sentences, beside the notes under tables, that make a narrative


LAYOUT = Layout()
