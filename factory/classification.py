"""Names of the classification codes the factory prints: 功能分类 类/款 and 经济分类 类.

Leaves (项, economic 款) carry their own names in the figures; the rows the factory adds above
them (类 and 款 subtotals) take their names from here."""
from __future__ import annotations

from loaders.vocabulary import FUNCTION_CLASSES

# 支出功能分类 类, in the order the 收入支出决算总表 lists them: the loader's (it writes function_classes).
CLASSES = FUNCTION_CLASSES

# 支出功能分类 款 used by the bundled figures and by varied().
SECTIONS: dict[str, str] = {
    "20101": "人大事务", "20103": "政府办公厅（室）及相关机构事务", "20106": "财政事务",
    "20111": "纪检监察事务", "20131": "党委办公厅（室）及相关机构事务", "20306": "国防动员",
    "20805": "行政事业单位养老支出", "21011": "行政事业单位医疗", "21201": "城乡社区管理事务",
    "21208": "国有土地使用权出让收入安排的支出", "21505": "工业和信息产业监管",
    "22102": "住房改革支出", "22999": "其他支出",
}

# 支出经济分类 类 and whether they are 人员经费 (personnel) or 公用经费 (public).
ECONOMIC_CLASSES: dict[str, tuple[str, str]] = {
    "301": ("工资福利支出", "personnel"), "302": ("商品和服务支出", "public"),
    "303": ("对个人和家庭的补助", "personnel"), "307": ("债务利息及费用支出", "public"),
    "310": ("资本性支出", "public"), "399": ("其他支出", "public"),
}

# 政府预算支出经济分类 printed beside each 部门预算 类 in budget reports.
GOVERNMENT_ECONOMIC: dict[str, tuple[str, str]] = {
    "301": ("50101", "工资奖金津补贴"), "302": ("50201", "办公经费"), "303": ("50905", "离退休费"),
    "307": ("50701", "国内债务付息"), "310": ("50601", "资本性支出"), "399": ("59999", "其他支出"),
}
