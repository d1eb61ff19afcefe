"""Which fund a 支出功能分类 code spends, by the national 政府收支分类科目.

A 财政拨款 table of all appropriations (the 中央 template's 财政拨款支出表) prints 一般公共预算 rows and
政府性基金预算 rows side by side; the classification tells them apart, not the report. The 政府性基金
预算 has 款 of its own inside shared 类 (229 60 彩票公益金安排的支出, 212 08 国有土地使用权出让收入安排的支出)
and whole 类 (234 抗疫特别国债安排的支出); the 国有资本经营预算 spends 类 223. Codes are those of the
national classification in force since 2021 (政府性基金预算支出功能分类科目); a 款 added later is known by
its name, which always says what pays for it (…基金…支出, …专项债券收入安排的支出, 彩票公益金…).
"""
from __future__ import annotations

import re

# 类 whose every 款 is spent by one of the two funds.
_CLASSES = {"223": "state_capital", "234": "gov_fund"}
# 政府性基金预算 款 inside 类 shared with the 一般公共预算.
_GOV_FUND_SECTIONS = {
    "20610": "核电站乏燃料处理处置基金支出",
    "20707": "国家电影事业发展专项资金安排的支出", "20709": "旅游发展基金支出",
    "20710": "国家电影事业发展专项资金对应专项债务收入安排的支出",
    "20822": "大中型水库移民后期扶持基金支出", "20823": "小型水库移民扶助基金安排的支出",
    "20829": "小型水库移民扶助基金对应专项债务收入安排的支出",
    "21160": "可再生能源电价附加收入安排的支出", "21161": "废弃电器电子产品处理基金支出",
    "21208": "国有土地使用权出让收入安排的支出", "21210": "国有土地收益基金安排的支出",
    "21211": "农业土地开发资金安排的支出", "21213": "城市基础设施配套费安排的支出", "21214": "污水处理费安排的支出",
    "21215": "土地储备专项债券收入安排的支出", "21216": "棚户区改造专项债券收入安排的支出",
    "21217": "城市基础设施配套费对应专项债务收入安排的支出", "21218": "污水处理费对应专项债务收入安排的支出",
    "21219": "国有土地使用权出让收入对应专项债务收入安排的支出",
    "21366": "大中型水库库区基金安排的支出", "21367": "三峡水库库区基金支出",
    "21369": "国家重大水利工程建设基金安排的支出", "21371": "大中型水库库区基金对应专项债务收入安排的支出",
    "21372": "国家重大水利工程建设基金对应专项债务收入安排的支出",
    "21460": "车辆通行费安排的支出", "21462": "港口建设费安排的支出", "21464": "铁路建设基金支出",
    "21468": "船舶油污损害赔偿基金支出", "21469": "民航发展基金支出",
    "21470": "海南省高等级公路车辆通行附加费安排的支出", "21471": "政府收费公路专项债券收入安排的支出",
    "21472": "车辆通行费对应专项债务收入安排的支出", "21473": "港口建设费对应专项债务收入安排的支出",
    "21562": "农网还贷资金支出",
    "22904": "其他政府性基金及对应专项债务收入安排的支出", "22908": "彩票发行销售机构业务费安排的支出",
    "22960": "彩票公益金安排的支出",
    "23104": "地方政府专项债务还本支出", "23204": "地方政府专项债务付息支出", "23304": "地方政府专项债务发行费用支出",
}
# What a 政府性基金 款's name says, for a 款 the list above does not know yet.
_GOV_FUND_NAME = re.compile(r"基金(安排的)?支出$|专项债(券|务)收入安排的支出$|彩票公益金|政府性基金|专项债务(还本|付息|发行费用)支出$")


def fund_of(code: str, name: str = "") -> str | None:
    """'gov_fund' or 'state_capital' for a code (类, 款 or 项) those funds spend, else None (一般公共预算).

    name is the printed name of the code's 款 (or of the code itself when it is a 款)."""
    if code[:3] in _CLASSES:
        return _CLASSES[code[:3]]
    if len(code) >= 5 and (code[:5] in _GOV_FUND_SECTIONS or _GOV_FUND_NAME.search(name or "")):
        return "gov_fund"
    return None
