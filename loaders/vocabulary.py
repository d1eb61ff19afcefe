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
    """One item of a set a report prints (the 三公 items): the key the database stores, the label pages
    and messages name it by, the words (regular expressions) that name it in a table's header or row
    label and in the narrative's sentences, the item it is a part of, and the 支出经济分类 款 that
    holds the same money in the 基本支出 tables."""
    key: str
    label: str
    header: str
    prose: str | None = None  # None: the narrative is not read for it
    parent: str | None = None
    economic: str | None = None


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
