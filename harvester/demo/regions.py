"""The regions of the demo web, as their agencies print their names.

Slugs are the registry's (harvester/registry.toml). Township names follow the real divisions
where they are known; 漯河回族自治县 is fictional (seed 003 names it), and so are its towns.
"""

from __future__ import annotations

from harvester.demo.catalog import Region

HUNJIANG = Region(
    slug="jilin_baishan_hunjiang", name="白山市浑江区", short="浑江区",
    government="白山市浑江区人民政府",
    townships=("河口街道办事处", "东兴街道办事处", "新建街道办事处", "城南街道办事处",
               "红土崖镇人民政府", "三道沟镇人民政府", "六道江镇人民政府"))

DONGCHANG = Region(
    slug="jilin_tonghua_dongchang", name="通化市东昌区", short="东昌区",
    government="通化市东昌区人民政府",
    townships=("老站街道办事处", "新站街道办事处", "民主街道办事处", "团结街道办事处",
               "金厂镇人民政府", "江东乡人民政府"))

GONGNONG = Region(
    slug="heilongjiang_hegang_gongnong", name="鹤岗市工农区", short="工农区",
    government="鹤岗市工农区人民政府",
    townships=("红军街道办事处", "育才街道办事处", "湖滨街道办事处", "胜利街道办事处"),
    departments=("教育局", "卫生健康局", "财政局", "民政局"))

# Other districts of the city whose reports sit in the same city column (layout L4).
HEGANG_NEIGHBOURS = (
    Region(slug="heilongjiang_hegang_xiangyang", name="鹤岗市向阳区", short="向阳区",
           government="鹤岗市向阳区人民政府", townships=(), departments=()),
    Region(slug="heilongjiang_hegang_nanshan", name="鹤岗市南山区", short="南山区",
           government="鹤岗市南山区人民政府", townships=(), departments=()),
)

WUJIANG = Region(
    slug="guangdong_shaoguan_wujiang", name="韶关市武江区", short="武江区",
    government="韶关市武江区人民政府",
    townships=("重阳镇人民政府", "江湾镇人民政府", "龙归镇人民政府", "西联镇人民政府",
               "西河镇人民政府", "新华街道办事处", "惠民街道办事处"),
    departments=("教育局", "卫生健康局", "财政局", "民政局", "人力资源和社会保障局"))

WUCHANG = Region(
    slug="heilongjiang_harbin_wuchang", name="五常市", short="五常市",
    government="五常市人民政府",
    townships=("五常镇人民政府", "山河镇人民政府", "小山子镇人民政府", "安家镇人民政府",
               "拉林满族镇人民政府", "向阳镇人民政府", "杜家镇人民政府", "背荫河镇人民政府"))

QINGHE = Region(
    slug="hebei_xingtai_qinghe", name="邢台市清河县", short="清河县",
    government="清河县人民政府",
    townships=("葛仙庄镇人民政府", "连庄镇人民政府", "油坊镇人民政府", "谢炉镇人民政府",
               "王官庄镇人民政府", "坝营镇人民政府"),
    departments=("教育局", "卫生健康局", "财政局", "民政局", "司法局", "农业农村局"))

LUOHE_HUIZU = Region(
    slug="henan_luohe_huizu", name="漯河回族自治县", short="漯河回族自治县",
    government="漯河回族自治县人民政府",
    townships=("城关镇人民政府", "东关街道办事处", "西关街道办事处", "马营乡人民政府"),
    departments=("教育局", "卫生健康局", "财政局", "民政局", "司法局", "市场监督管理局"))
