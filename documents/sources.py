"""The source documents the system's rules and texts come from, cited by their titles.

The code's comments refer to them by number ("seed 001 §三(三)"), as they are filed in
`../shared/seeds/`; users never see those numbers. Whatever a page says about where a
text comes from goes through `cite`, so the numbering stays an internal word.
"""

TITLES = {
    "000": "《党史学习教育专题民主生活会工作方案》",
    "001": "《2021年度年末专题民主生活会实施方案（五个带头）》",
    "002": "《党史学习教育专题组织生活会工作方案汇编（8篇）》",
    "003": "《街道党史学习教育五个带头专题民主生活会实施方案》",
    "004": "《2021年度专题民主生活会准备工作情况报告》",
}

# Seed 002 collects eight plans; its table of contents names them.
COLLECTED_002 = {
    1: "《组织生活会工作实施方案》",
    2: "《局党总支部专题组织生活会实施方案》",
    3: "《各党支部专题组织生活暨民主评议党员工作方案》",
    4: "《党支部党史学习教育专题组织生活会方案》",
    5: "《党史学习教育专题组织生活会工作方案》",
    6: "《党史学习教育专题组织生活会方案》",
    7: "《党史学习教育专题组织生活会方案（三）》",
    8: "《党史学习教育专题组织生活会方案（二）》",
}


def cite(seed: str, *, piece: int | None = None, part: str = "") -> str:
    """How a page names a source: `cite("001", part="第二部分")` →
    "《2021年度年末专题民主生活会实施方案（五个带头）》第二部分"."""
    if piece is not None:
        if seed != "002":
            raise ValueError(f"only 002 collects several plans, not {seed!r}")
        return f"{COLLECTED_002[piece]}{part}"
    return f"{TITLES[seed]}{part}"
