"""Chinese fonts for PDFs.

WeasyPrint silently draws empty boxes (豆腐块) for Chinese when no CJK font is installed,
so every PDF render first checks that one is there and fails loudly otherwise.
"""

import shutil
import subprocess

INSTALL_HINT = "请安装中文字体后重试：sudo apt-get install fonts-noto-cjk"

# The official faces first; Noto CJK is what a Debian machine actually has.
TITLE_FAMILIES = ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "Noto Serif CJK SC"]
BODY_FAMILIES = ["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"]
HEITI_FAMILIES = ["黑体", "SimHei", "Noto Sans CJK SC"]
KAITI_FAMILIES = ["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC"]


class MissingCJKFontError(RuntimeError):
    def __init__(self):
        super().__init__("未找到可用的中文字体，无法生成 PDF（否则中文会显示为方框）。" + INSTALL_HINT)


def cjk_font_families() -> list[str]:
    """Families that fontconfig says can render Simplified Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    result = subprocess.run(
        [fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=20
    )
    families = set()
    for line in result.stdout.splitlines():
        families.update(name.strip() for name in line.split(",") if name.strip())
    return sorted(families)


_confirmed = False


def ensure_cjk_font() -> None:
    global _confirmed
    if _confirmed:
        return
    if not cjk_font_families():
        raise MissingCJKFontError()
    _confirmed = True  # only a found font is cached: installing one later needs no restart


def css_family(families: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in families) + ", serif"
