"""The planner as a workbook, for the office that collects the planned criticisms
(000 §五: 收集……拟会上批评意见) and the secretary: the matrix and the list of texts."""

from documents.xlsx import workbook_bytes
from organizations.dateorder import day_text

from .planner import Board

SOURCE_TALK = "谈心谈话"
SOURCE_PLANNER = "会前填写"


def matrix_rows(board: Board):
    for row in board.rows:
        cells = ["—" if cell is None else (len(cell.items) or ("空缺" if cell.is_gap else "")) for cell in row.cells]
        yield [row.person.name, *cells, row.given]
    yield ["被批评（人）", *(n for _, n in board.columns), ""]


def item_rows(board: Board):
    number = 0
    for row in board.rows:
        for cell in row.colleagues:
            for item in cell.items:
                number += 1
                source = SOURCE_TALK if item.from_talk else SOURCE_PLANNER
                if item.from_talk and item.talked_on:
                    source += f"（{day_text(item.talked_on)}）"
                text = "（拟对导出人本人提出，会前不向本人显示）" if item.hidden else item.text
                yield [number, row.person.name, cell.receiver.name, source, text,
                       "；".join(f"{h.message}（{h.rule}）" for h in item.hints)]
            if cell.is_gap:
                yield ["", row.person.name, cell.receiver.name, "", "尚未拟定", ""]


def planner_workbook(board: Board) -> bytes:
    names = [p.name for p in board.people]
    return workbook_bytes(
        [
            ("批评意见矩阵", ["提出人＼被批评人", *names, "已拟（人）"], matrix_rows(board)),
            ("批评意见清单", ["序号", "提出人", "被批评人", "来源", "拟提出的批评意见", "提示"], item_rows(board)),
        ],
        widths={"批评意见矩阵": [16], "批评意见清单": [6, 10, 10, 22, 60, 40]},
    )
