"""The words of field notes: what each phrase says, as plain tables.

Data only, no logic: :mod:`planner.core.field_notes` reads these tables. Every
phrase is written as staff write it; the reader normalises both the note and
the phrases the same way (NFKC, case-folded, one space between English words),
so ``ＯＫ`` and ``OK`` need no entry of their own. Chinese phrases match as
substrings, English ones as whole words. Where two phrases start at the same
place the longer wins (``不在线`` before ``不``, ``隐私遮蔽`` before ``遮蔽``).

A phrase belongs to exactly one table (``tests/test_field_notes.py`` checks it).

Kinds of phrase:

- **conditions** state something about the device (:data:`CONDITIONS`);
- **fine words** say it works (:data:`FINE`);
- **nouns** say what the note is about (:data:`NOUNS`, :data:`OBSTACLES`);
- **verbs** are things done or to do — repairs, pruning, removal
  (:data:`VERBS`), with **markers** before or after them saying whether it
  is done (``已``), to do (``需``), not done (``未``) or not needed (``无需``);
- **negations** cancel the next condition (``无遮挡``);
- **clause breaks** (``但``, ``仍``) end a clause like a comma does.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

TOPICS = (
    "device",
    "picture",
    "power",
    "network",
    "obstruction",
    "position",
    "clock",
    "surroundings",
    "privacy",
    "sign",
)
"""What a note can be about, in the order :attr:`NoteReading.topics` lists them."""

SUBJECT_TOPICS = ("device", "picture", "power", "network", "clock", "sign", "privacy")
"""Topics of nouns that can be the subject of a condition (``网络故障`` is about the network);
position and surroundings only say where."""

# ---------------------------------------------------------------------------
# Conditions: key -> (state, topic). The state is what the condition means for
# the device; the topic what it is about (None: the clause's subject decides).
# ---------------------------------------------------------------------------

CONDITIONS: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        # a generic fault; the clause's subject may make it specific (GENERIC_BY_SUBJECT)
        "broken": ("fault", None),
        "picture": ("fault", "picture"),  # black screen, blurred: Q Art. 19(3) 图像画面清晰
        "dirty_lens": ("fault", "picture"),  # seed 000: aged, dusty devices
        "aged": ("fault", "device"),
        "structure": ("fault", "device"),  # leaning pole, loose bracket
        "storage": ("fault", "device"),  # recordings lost: not the picture, not the link
        "power": ("fault", "power"),
        "clock": ("fault", "clock"),  # Q Art. 19(3) 运行时间准确
        "re_aimed": ("fault", "position"),
        "pending_repair": ("fault", None),  # "待修", "维修中": refers to a fault stated or not
        "offline": ("offline", "network"),
        "suspended": ("offline", "device"),  # 临时停用: out of service for a while
        "obstructed": ("obstructed", "obstruction"),
        "overgrown": ("obstructed", "obstruction"),  # vines, ivy: vegetation by itself
        "scrapped": ("abandoned", "device"),  # 废弃, 报废, 停用, 损毁: remove it, cancel the filing
        "missing": ("abandoned", "device"),  # 丢失, 被盗, 未找到: gone without a removal
        "to_remove": ("abandoned", "device"),  # 建议拆除: still there, should go
        "removed": ("removed", "device"),  # 已拆除: taken down; only the filing is left
    }
)
"""What each condition means: ``(state, topic)``."""

REFERRING_CONDITIONS = ("pending_repair",)
"""Conditions that only refer to a problem (``黑屏，维修中``): dropped when the note states one."""

OBSTRUCTION_KIND: Mapping[str, str] = MappingProxyType({"overgrown": "vegetation"})
"""Conditions that name what blocks the view by themselves (vines are vegetation)."""

GENERIC_BY_SUBJECT: Mapping[str, str] = MappingProxyType(
    {"network": "offline", "power": "power", "clock": "clock", "picture": "picture"}
)
"""A generic fault (``故障``, ``不正常``) of a subject: ``网络故障`` is offline, ``时间不正常``
a clock fault; any other subject leaves it ``broken``."""

NEGATED_STATE: Mapping[str, str | None] = MappingProxyType(
    {
        "fault": "ok",
        "offline": "ok",
        "obstructed": "ok",
        "abandoned": None,  # "未丢失", "未拆除": still there, nothing said about working
        "removed": None,
    }
)
"""What a negated condition says: ``无遮挡`` is fine, ``未拆除`` says nothing of its state."""

NEGATED_NOUN: Mapping[str, str] = MappingProxyType(
    {"device": "missing", "picture": "picture", "power": "power", "network": "offline"}
)
"""A negated noun with no condition after it: ``无设备`` missing, ``无画面`` a picture fault,
``无电`` a power fault, ``无信号``/``no network`` offline (sign and privacy are flags)."""

CONDITION_PHRASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "broken": (
            "故障",
            "有故障",
            "损坏",
            "破损",
            "破裂",
            "碎裂",
            "坏",
            "坏了",
            "坏掉",
            "异常",
            "问题",
            "不工作",
            "不能用",
            "不好用",
            "无法使用",
            "不能使用",
            "无法打开",
            "失灵",
            "失效",
            "死机",
            "频繁重启",
            "自动重启",
            "不转",
            "卡死",
            "不亮",
            "进水",
            "受潮",
            "撞坏",
            "被撞",
            "砸坏",
            "被砸",
            "报错",
            "时好时坏",
            "不能转动",
            "无法转动",
            "不能控制",
            "无法控制",
            "中断",
            "报修",
            "broken",
            "fault",
            "faults",
            "faulty",
            "damaged",
            "damage",
            "defective",
            "dead",
            "malfunction",
            "malfunctioning",
            "failure",
            "failed",
            "error",
            "wrong",
            "issue",
            "issues",
            "problem",
            "problems",
            "out of order",
            "cracked",
            "water ingress",
            "smashed",
            "vandalised",
            "vandalized",
        ),
        "picture": (
            "黑屏",
            "花屏",
            "蓝屏",
            "白屏",
            "绿屏",
            "雪花",
            "雪花屏",
            "模糊",
            "画面模糊",
            "图像模糊",
            "看不清",
            "不清",
            "不清晰",
            "画面不清楚",
            "图像不清楚",
            "视频不清楚",
            "发白",
            "失焦",
            "虚焦",
            "跑焦",
            "偏色",
            "过曝",
            "曝光过度",
            "画面抖动",
            "抖动",
            "卡顿",
            "拖影",
            "条纹",
            "夜视失效",
            "夜视不清",
            "红外失效",
            "红外不亮",
            "补光灯不亮",
            "画面丢失",
            "图像丢失",
            "无法查看",
            "无法调取",
            "调不出",
            "black screen",
            "blank screen",
            "blurry",
            "blurred",
            "blur",
            "out of focus",
            "fuzzy",
            "distorted",
            "flickering",
            "flicker",
            "frozen",
            "snowy",
        ),
        "dirty_lens": (
            "镜头脏污",
            "镜头脏",
            "镜头污",
            "镜头需清理",
            "镜头需清洁",
            "镜头待清洁",
            "脏污",
            "脏",
            "积灰",
            "灰尘",
            "落灰",
            "蒙灰",
            "有灰",
            "污渍",
            "污垢",
            "油污",
            "鸟粪",
            "蜘蛛网",
            "蛛网",
            "水渍",
            "起雾",
            "结露",
            "雾气",
            "dirty",
            "dirty lens",
            "lens dirty",
            "dusty",
            "dust",
            "grime",
            "cobweb",
            "cobwebs",
            "spider web",
            "smudged",
            "fogged",
            "bird droppings",
            "condensation",
        ),
        "aged": (
            "老化",
            "老旧",
            "陈旧",
            "破旧",
            "锈蚀",
            "生锈",
            "锈迹",
            "腐蚀",
            "aged",
            "ageing",
            "aging",
            "worn",
            "worn out",
            "rusty",
            "rusted",
            "corroded",
            "corrosion",
        ),
        "structure": (
            "倾斜",
            "歪斜",
            "歪",
            "松动",
            "脱落",
            "掉落",
            "下垂",
            "倒伏",
            "倒地",
            "倾倒",
            "倒塌",
            "吹倒",
            "撞倒",
            "断裂",
            "leaning",
            "tilted",
            "tilting",
            "loose",
            "hanging",
            "fallen",
            "knocked over",
        ),
        "storage": (
            "录像丢失",
            "录像缺失",
            "无录像",
            "数据丢失",
            "存储故障",
            "硬盘故障",
            "硬盘损坏",
            "no recording",
            "recording lost",
            "recordings lost",
        ),
        "power": (
            "断电",
            "停电",
            "没电",
            "掉电",
            "欠压",
            "跳闸",
            "漏电",
            "短路",
            "供电故障",
            "电源故障",
            "电源损坏",
            "no power",
            "power off",
            "power outage",
            "power cut",
            "power failure",
            "unpowered",
        ),
        "clock": (
            "时间不准",
            "时间不准确",
            "时间不对",
            "时间错误",
            "时间错",
            "时间有误",
            "时间偏差",
            "时间跳变",
            "时间错乱",
            "时间慢",
            "时间快",
            "时间不同步",
            "时钟偏差",
            "时钟不准",
            "时钟错误",
            "时钟错",
            "日期错误",
            "osd时间错误",
            "未校时",
            "clock wrong",
            "wrong clock",
            "wrong time",
            "time wrong",
            "clock off",
            "clock drift",
            "time drift",
            "incorrect time",
            "time incorrect",
            "clock incorrect",
            "clock fast",
            "clock slow",
            "clock not synced",
        ),
        "re_aimed": (
            "角度偏移",
            "角度偏",
            "角度不对",
            "偏移",
            "偏转",
            "跑偏",
            "偏位",
            "被转向",
            "转向了",
            "朝向改变",
            "朝向不对",
            "方向偏",
            "被人转动",
            "被人转向",
            "朝天",
            "对着天空",
            "拍地面",
            "朝地面",
            "对着墙",
            "拍到墙面",
            "turned away",
            "re-aimed",
            "misaligned",
            "wrong direction",
        ),
        "pending_repair": ("待修", "待维修", "需维修", "维修中", "修复中"),
        "offline": (
            "离线",
            "掉线",
            "不在线",
            "断网",
            "网络中断",
            "网络不通",
            "网络故障",
            "信号丢失",
            "视频丢失",
            "丢包",
            "连不上",
            "连接失败",
            "无法访问",
            "无法登录",
            "时断时续",
            "欠费",
            "欠费停机",
            "长期离线",
            "offline",
            "off line",
            "disconnected",
            "not online",
            "signal lost",
            "video loss",
            "connection lost",
            "lost connection",
            "network down",
            "link down",
            "unreachable",
            "intermittent",
        ),
        "suspended": (
            "临时停用",
            "暂时停用",
            "暂停使用",
            "暂停运行",
            "暂停",
            "临时关闭",
            "暂时关闭",
            "关机",
            "关闭",
            "报停",
            "temporarily disabled",
            "temporarily off",
            "temporarily out of service",
            "switched off",
            "turned off",
            "suspended",
        ),
        "obstructed": (
            "遮挡",
            "遮蔽",
            "遮盖",
            "遮住",
            "挡住",
            "挡着",
            "被挡",
            "挡",
            "阻挡",
            "盖住",
            "罩住",
            "覆盖",
            "缠绕",
            "包裹",
            "长满",
            "爬满",
            "茂盛",
            "茂密",
            "疯长",
            "受阻",
            "视线受阻",
            "看不到",
            "看不见",
            "遮挡报警",
            "喷漆",
            "被喷漆",
            "涂抹",
            "blocked",
            "obstructed",
            "obstruction",
            "covered",
            "hidden",
            "obscured",
            "overgrown",
            "grown over",
            "entangled",
            "tangled",
            "view blocked",
        ),
        "overgrown": ("藤蔓", "藤", "藤条", "爬山虎", "常春藤", "vines", "vine", "ivy", "creeper"),
        "scrapped": (
            "废弃",
            "已废弃",
            "报废",
            "停用",
            "停止使用",
            "不再使用",
            "弃用",
            "闲置",
            "作废",
            "淘汰",
            "僵尸",
            "损毁",
            "毁坏",
            "烧毁",
            "砸毁",
            "无法修复",
            "不能修复",
            "无修复价值",
            "abandoned",
            "scrapped",
            "decommissioned",
            "disused",
            "out of use",
            "out of service",
            "no longer used",
            "destroyed",
            "beyond repair",
            "written off",
            "derelict",
        ),
        "missing": (
            "丢失",
            "遗失",
            "被盗",
            "失窃",
            "被偷",
            "被偷走",
            "不见了",
            "缺失",
            "未找到",
            "没找到",
            "找不到",
            "下落不明",
            "设备不存在",
            "摄像头不存在",
            "点位不存在",
            "不在了",
            "没有了",
            "stolen",
            "lost",
            "missing",
            "not found",
            "cannot find",
            "can't find",
            "gone",
        ),
        "removed": (
            "仅剩支架",
            "只剩支架",
            "仅剩立杆",
            "只剩立杆",
            "只剩杆",
            "仅剩底座",
            "空杆",
            "only bracket left",
            "only the bracket left",
            "only pole left",
            "only the pole left",
            "empty pole",
        ),
    }
)
"""Phrases stating each condition."""

CLOCK_DRIFT_PATTERNS = (
    r"[快慢差]了?\s*[0-9一二两三四五六七八九十半几]+\s*多?\s*(?:秒钟?|分钟?|个?小时|min|s|h)",
    r"[0-9]+\s*(?:min(?:ute)?s?|sec(?:ond)?s?|s|h|hours?)\s+(?:fast|slow|behind|ahead)",
)
"""Regular expressions of a clock drift written as an amount (``快8分钟``, ``5 min slow``):
a ``clock`` condition."""

# ---------------------------------------------------------------------------
# Fine words: topic -> phrases ("" = generic; the clause's subject decides)
# ---------------------------------------------------------------------------

FINE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "": (
            "好",
            "正常",
            "运行正常",
            "工作正常",
            "良好",
            "完好",
            "完好无损",
            "可用",
            "能用",
            "好用",
            "没事",
            "不错",
            "稳定",
            "准确",
            "正确",
            "ok",
            "okay",
            "fine",
            "good",
            "normal",
            "working",
            "works",
            "intact",
            "functional",
            "operational",
            "in service",
            "all good",
        ),
        "picture": (
            "清晰",
            "清楚",
            "看清",
            "有画面",
            "有图像",
            "画质好",
            "clear",
            "sharp",
            "clean",
        ),
        "network": ("在线", "畅通", "通畅", "有信号", "online", "connected"),
        "power": ("有电",),
    }
)
"""Phrases saying it works, by topic."""

NEGATED_FINE_TOPIC_DEFAULT = "broken"
"""A negated fine word whose topic makes no condition of its own (``不正常``): a generic fault,
then made specific by the subject (:data:`GENERIC_BY_SUBJECT`)."""

# ---------------------------------------------------------------------------
# Nouns: what a note is about
# ---------------------------------------------------------------------------

NOUNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "device": (
            "设备",
            "摄像机",
            "摄像头",
            "监控",
            "探头",
            "球机",
            "枪机",
            "半球",
            "相机",
            "机箱",
            "设备箱",
            "立杆",
            "杆体",
            "灯杆",
            "杆子",
            "支架",
            "云台",
            "护罩",
            "防护罩",
            "外壳",
            "录像机",
            "硬盘",
            "camera",
            "cameras",
            "cam",
            "device",
            "unit",
            "pole",
            "bracket",
            "housing",
            "dome",
            "ptz",
        ),
        "picture": (
            "画面",
            "图像",
            "视频",
            "影像",
            "镜头",
            "成像",
            "夜视",
            "红外",
            "补光灯",
            "焦距",
            "picture",
            "image",
            "video",
            "lens",
            "view",
            "night vision",
            "infrared",
        ),
        "power": (
            "电源",
            "供电",
            "电",
            "电力",
            "市电",
            "适配器",
            "电池",
            "太阳能板",
            "线路",
            "电线",
            "电缆",
            "power",
            "power supply",
            "electricity",
            "battery",
        ),
        "network": (
            "网络",
            "网",
            "信号",
            "平台",
            "光纤",
            "光缆",
            "网线",
            "交换机",
            "链路",
            "传输",
            "流量卡",
            "4g卡",
            "sim卡",
            "network",
            "signal",
            "connection",
            "link",
            "platform",
            "fibre",
            "fiber",
        ),
        "clock": ("时间", "时钟", "日期", "osd", "时间戳", "clock", "time", "timestamp"),
        "position": (
            "位于",
            "旁",
            "旁边",
            "附近",
            "对面",
            "路口",
            "交叉口",
            "角",
            "东侧",
            "西侧",
            "南侧",
            "北侧",
            "门口",
            "入口",
            "出口",
            "朝向",
            "方向",
            "角度",
            "高度",
            "安装位置",
            "点位",
            "坐标",
            "覆盖范围",
            "覆盖区域",
            "监控范围",
            "next to",
            "near",
            "beside",
            "opposite",
            "corner",
            "junction",
            "intersection",
            "facing",
            "located",
            "position",
            "angle",
            "bearing",
        ),
        "surroundings": (
            "周边",
            "周围",
            "环境",
            "光线",
            "逆光",
            "路灯",
            "surroundings",
            "nearby",
            "area",
        ),
        "privacy": (
            "隐私",
            "隐私区域",
            "居民窗户",
            "住户窗户",
            "privacy",
            "privacy zone",
            "windows",
        ),
        "sign": (
            "标识",
            "标志",
            "标牌",
            "提示牌",
            "警示牌",
            "告示牌",
            "提示标识",
            "警示标识",
            "标签",
            "杆号",
            "杆号牌",
            "编号牌",
            "铭牌",
            "项目名称",
            "视频监控区域",
            "sign",
            "signs",
            "signage",
            "label",
            "notice",
        ),
    }
)
"""Nouns by topic."""

SIGNS_MISSING = ("missing sign", "missing signs", "missing label", "faded sign", "damaged sign")
"""English phrases where the fault comes before the sign (``camera OK, missing sign``): no sign,
not a missing camera."""

PRIVACY_MASKS = (
    "隐私遮蔽",
    "隐私遮挡",
    "隐私遮罩",
    "遮蔽区域",
    "区域遮蔽",
    "privacy mask",
    "privacy masking",
    "privacy masked",
)
"""A privacy mask set in the camera (topic privacy): 隐私遮蔽 is a mask, not a blockage. In a
clause about privacy, ``遮挡``/``遮蔽`` mean the mask too (``隐私区域已遮挡``)."""

OBSTACLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # Harbin Art. 5: city management (城管) prunes trees that block cameras
        "vegetation": (
            "树",
            "树木",
            "树枝",
            "枝",
            "枝叶",
            "树叶",
            "叶",
            "叶子",
            "行道树",
            "绿化",
            "绿化带",
            "绿植",
            "植被",
            "植物",
            "灌木",
            "杂草",
            "草",
            "竹子",
            "tree",
            "trees",
            "branch",
            "branches",
            "foliage",
            "leaves",
            "hedge",
            "bush",
            "bushes",
            "vegetation",
            "plants",
        ),
        "advert": (
            "广告",
            "广告牌",
            "横幅",
            "条幅",
            "招牌",
            "海报",
            "灯箱",
            "宣传牌",
            "宣传栏",
            "展板",
            "billboard",
            "banner",
            "advert",
            "advertisement",
            "ad",
            "poster",
            "signboard",
        ),
        "other": (
            "施工",
            "围挡",
            "工地",
            "脚手架",
            "建筑",
            "雨棚",
            "遮阳棚",
            "线缆",
            "车辆",
            "杂物",
            "塑料袋",
            "衣物",
            "鸟窝",
            "scaffolding",
            "construction",
            "awning",
            "cable",
            "cables",
            "vehicle",
            "truck",
            "bag",
        ),
    }
)
"""Things that can block a camera's view, by kind (their topic is surroundings): vegetation
is pruned by city management (Harbin Art. 5), adverts and others cleared by their owners."""

LITERALS = (
    "无线",
    "无人",
    "无人机",
    "无论",
    "非常",
    "非机动车",
    "非机动车道",
    "不锈钢",
    "不同",
    "不远",
    "不久",
    "不少",
    "未来",
    "网格",
    "网格员",
    "电梯",
    "电信",
    "电话",
    "电动车",
    "电瓶车",
    "电子",
    "拆迁",
    "非法",
    "好像",
    "不清楚",
    "不确定",
    "不详",
    "不明",
    "情况不明",
    "unknown",
    "not sure",
)
"""Words that contain a negation or a known word but are neither (``非常清晰`` is very clear;
``不清楚`` alone is "unknown", ``画面不清楚`` is a picture fault)."""

RELOCATIONS = (
    "迁移",
    "移位",
    "挪位",
    "挪动",
    "移至",
    "移到",
    "位置变动",
    "位置变更",
    "位置改变",
    "与备案位置不符",
    "relocated",
    "moved",
)
"""Phrases saying the device now stands elsewhere (topic position): Chongqing Art. 19(5) wants
moved devices reported. Not a condition: a moved camera may work fine."""

# ---------------------------------------------------------------------------
# Verbs: things done or to do
# ---------------------------------------------------------------------------

VERBS: Mapping[str, tuple[str | None, tuple[str, ...], str | None, str | None]] = MappingProxyType(
    {
        # key: (topic, conditions it cancels when done, condition when to do or not done,
        #       condition when done)
        "repair": (
            None,
            (
                "broken",
                "picture",
                "dirty_lens",
                "aged",
                "structure",
                "storage",
                "power",
                "clock",
                "re_aimed",
                "pending_repair",
                "offline",
                "suspended",
                "obstructed",
                "overgrown",
            ),
            "pending_repair",
            None,
        ),
        "replace": (
            "device",
            (
                "broken",
                "picture",
                "dirty_lens",
                "aged",
                "structure",
                "storage",
                "power",
                "pending_repair",
                "scrapped",
                "missing",
                "removed",
            ),
            "pending_repair",
            None,
        ),
        "prune": ("obstruction", ("obstructed", "overgrown"), "overgrown", None),
        "clear": ("obstruction", ("obstructed", "overgrown", "dirty_lens"), None, None),
        "wipe": ("picture", ("dirty_lens", "picture"), "dirty_lens", None),
        "sync": ("clock", ("clock",), "clock", None),
        "adjust": (None, ("re_aimed", "structure", "picture"), "pending_repair", None),
        "connect": ("network", ("offline", "suspended"), "offline", None),
        "power_on": ("power", ("power",), "power", None),
        "recover": ("device", ("missing",), None, None),
        "remove": ("device", (), "to_remove", "removed"),
    }
)
"""What each verb does: ``(topic, cancels, undone, done)``. A done repair cancels the faults
stated before it (or in its clause); a repair to do, or not done, is itself a condition
(``待修`` a pending repair, ``需修剪`` overgrown, ``未联网`` offline). A removal done is the
condition ``removed``; to do (``建议拆除``) the device is still there and should go."""

VERB_PHRASES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "repair": {
            "bare": ("修", "修复", "维修", "重启", "修理", "处理", "解决", "恢复", "排除", "整改"),
            "done": ("修好", "fixed", "repaired", "restored", "resolved", "back online"),
            "pending": ("fix", "repair", "needs repair", "repair needed"),
        },
        "replace": {
            "bare": ("更换", "换新", "替换"),
            "done": ("replaced",),
            "pending": ("replace", "replacement needed"),
        },
        "prune": {
            "bare": ("修剪", "剪枝", "修枝", "剪除", "砍伐", "砍掉"),
            "done": ("pruned", "trimmed", "cut back"),
            "pending": ("prune", "trim", "needs pruning", "needs trimming"),
        },
        "clear": {
            "bare": ("清理", "清除", "清走"),
            "done": ("cleared",),
            "pending": ("clear away",),
        },
        "wipe": {
            "bare": ("清洁", "擦拭", "擦洗", "擦净", "擦干净", "清洗"),
            "done": ("cleaned", "wiped"),
            "pending": ("wipe", "needs cleaning"),
        },
        "sync": {
            "bare": ("校时", "对时", "校准", "校正", "同步时间", "时间同步"),
            "done": ("synced", "synchronised", "synchronized", "corrected"),
            "pending": ("sync", "needs sync"),
        },
        "adjust": {
            "bare": ("调整", "调正", "复位", "扶正", "加固", "紧固"),
            "done": ("adjusted", "realigned", "straightened", "tightened"),
            "pending": ("adjust", "realign"),
        },
        "connect": {
            "bare": ("接入", "联网", "上线", "连接", "连网"),
            "done": ("reconnected",),
            "pending": ("connect", "reconnect"),
        },
        "power_on": {
            "bare": ("通电", "来电"),
            "done": ("powered", "powered on"),
            "pending": (),
        },
        "recover": {
            "bare": ("找回", "追回", "找到"),
            "done": ("recovered", "found"),
            "pending": (),
        },
        "remove": {
            "bare": ("拆除", "拆", "拆掉", "拆卸", "移除", "撤除", "撤掉", "摘除", "卸下"),
            "done": ("removed", "dismantled", "taken down", "uninstalled"),
            "pending": ("remove", "take down"),
        },
    }
)
"""Phrases of each verb, by what they say by themselves: ``bare`` (a Chinese verb, its markers
tell), ``done`` (English past participles), ``pending`` (English base forms)."""

BARE_ASPECT: Mapping[str, str] = MappingProxyType({"remove": "done"})
"""What a bare verb with no marker means: staff write ``拆除`` for "removed"; a bare repair
word (``恢复``, ``维修``) says neither done nor to do (``恢复正常`` says it with ``正常``)."""

# ---------------------------------------------------------------------------
# Markers
# ---------------------------------------------------------------------------

NEGATIONS = (
    "无",
    "未",
    "没",
    "没有",
    "不",
    "非",
    "并非",
    "不是",
    "并无",
    "毫无",
    "尚未",
    "仍未",
    "还没",
    "还没有",
    "未见",
    "未发现",
    "没发现",
    "无明显",
    "不存在",
    "缺少",
    "无法",
    "不能",
    "no",
    "not",
    "not yet",
    "without",
    "never",
    "none",
    "nothing",
    "isn't",
    "wasn't",
    "hasn't",
    "cannot",
    "can't",
)
"""Words that cancel the next condition (``无遮挡``) or say a thing is not done (``未修剪``)."""

NO_NEED = ("无需", "无须", "不需", "不需要", "不用", "不必", "没必要", "no need", "no need to")
"""Words that say a thing need not be done (``无需修剪``: fine)."""

DONE_MARKERS = ("已", "已经", "均已", "现已", "已于", "被", "刚", "has been", "have been", "was")
"""Words before a verb that say it is done (``已修剪``, ``被拆``)."""

DONE_SUFFIXES = ("了", "后", "完", "完毕", "完成", "好", "过")
"""Words right after a Chinese verb that say it is done (``修剪后``, ``修复完成``)."""

PENDING_MARKERS = (
    "需",
    "需要",
    "待",
    "有待",
    "应",
    "应当",
    "应予",
    "建议",
    "亟需",
    "急需",
    "尽快",
    "拟",
    "计划",
    "准备",
    "请",
    "正在",
    "已安排",
    "已通知",
    "已上报",
    "安排",
    "needs",
    "need",
    "to be",
    "should be",
    "must be",
    "requires",
    "to",
)
"""Words before a verb that say it is to do (``需修剪``, ``建议拆除``, ``已上报维修``)."""

PENDING_SUFFIXES = ("中",)
"""Words right after a Chinese verb that say it is under way, not done (``维修中``)."""

CONJUNCTIONS = ("或", "或者", "及", "和", "与", "or", "nor")
"""Words that carry a negation on to the next condition (``无遮挡或损坏``)."""

CLAUSE_BREAKS = (
    "但",
    "但是",
    "不过",
    "可是",
    "却",
    "仍",
    "仍然",
    "依然",
    "依旧",
    "还是",
    "but",
    "however",
    "still",
)
"""Words that start a new clause (``画面正常但时间不准``, ``已修剪仍有遮挡``)."""

CLAUSE_SEPARATORS = ",;:!?。、，；：！？|/\\()[]{}【】「」『』<>《》\n\r\t"
"""Characters that end a clause (after NFKC; a full stop only when not between digits, a space
only next to a Chinese character)."""
