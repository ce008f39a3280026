"""The standard study materials the seeds list, offered to every organisation's library.

Sources: seed 000 §四(一)2, 001 §三(一), 002 (方案 #2, #5, #6, 方案（三）), 003 §四(一),
004 (three preparation reports). Dates are given only where they are certain.
"""

from datetime import date

from .models import MaterialKind

# (title, kind, issuer or source, date or None, notes)
STANDARD_MATERIALS = [
    (
        "习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话",
        MaterialKind.SPEECH, "习近平", date(2021, 7, 1), "“七一”重要讲话",
    ),
    (
        "习近平总书记在党史学习教育动员大会上的重要讲话",
        MaterialKind.SPEECH, "习近平", date(2021, 2, 20), "",
    ),
    (
        "习近平总书记在党的十九届六中全会上的重要讲话",
        MaterialKind.SPEECH, "习近平", None, "",
    ),
    (
        "习近平总书记在全国脱贫攻坚总结表彰大会上的重要讲话",
        MaterialKind.SPEECH, "习近平", date(2021, 2, 25), "",
    ),
    (
        "习近平总书记在中共中央政治局民主生活会上的重要讲话",
        MaterialKind.SPEECH, "习近平", None, "每年度中央政治局民主生活会",
    ),
    (
        "《中国共产党章程》",
        MaterialKind.REGULATION, "中国共产党全国代表大会", date(2022, 10, 22),
        "党的第二十次全国代表大会部分修改",
    ),
    (
        "《关于新形势下党内政治生活的若干准则》",
        MaterialKind.REGULATION, "党的十八届六中全会", date(2016, 10, 27), "",
    ),
    (
        "《中国共产党党内监督条例》",
        MaterialKind.REGULATION, "党的十八届六中全会", date(2016, 10, 27), "",
    ),
    ("《中国共产党廉洁自律准则》", MaterialKind.REGULATION, "中共中央", None, ""),
    ("《中国共产党纪律处分条例》", MaterialKind.REGULATION, "中共中央", None, ""),
    ("《中国共产党支部工作条例（试行）》", MaterialKind.REGULATION, "中共中央", None, ""),
    ("《中国共产党党员教育管理工作条例》", MaterialKind.REGULATION, "中共中央", None, ""),
    (
        "《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
        MaterialKind.DOCUMENT, "党的十九届六中全会", date(2021, 11, 11), "",
    ),
    ("《中共中央关于加强党的政治建设的意见》", MaterialKind.DOCUMENT, "中共中央", None, ""),
    ("《论中国共产党历史》", MaterialKind.BOOK, "习近平 著", None, "党史学习教育指定学习材料"),
    (
        "《毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编》",
        MaterialKind.BOOK, "中共中央党史和文献研究院 编", None, "党史学习教育指定学习材料",
    ),
    (
        "《习近平新时代中国特色社会主义思想学习问答》",
        MaterialKind.BOOK, "中共中央宣传部 编", None, "党史学习教育指定学习材料",
    ),
    ("《中国共产党简史》", MaterialKind.BOOK, "", None, "党史学习教育指定学习材料"),
    ("《习近平谈治国理政》第三卷", MaterialKind.BOOK, "习近平 著", None, ""),
    ("廉政教育宣传片《政治掮客》", MaterialKind.FILM, "", None, "警示教育"),
]
