"""Documents of the democratic evaluation (seed 002 方案3): the 登记表 of each member, the
blank 评分表 for a branch that scores on paper, the 汇总表 (Excel: summary and detail; and
as a printed document), and the branch's written report on the evaluation."""

from django.db.models import Max
from django.http import Http404

from documents.content import Heading, OfficialDocument, Paragraph, Spreadsheet, Table
from documents.dating import document_day
from documents.registry import DocumentType, register
from meetings.dates import day_text

from .access import RESULT_ROLES, get_evaluation_for_user, get_registration_for_user, reads_self_assessment
from .models import COMMITTEE_ASPECTS, CommitteeRating, Evaluation, Grade, Registration, Verdict, VerdictEvent
from .scoring import items_for, latest_result
from .selectors import lines

REGISTRATION_KIND = "evaluation_registration"
SHEET_KIND = "evaluation_score_sheet"
SUMMARY_KIND = "evaluation_summary"
SUMMARY_DOC_KIND = "evaluation_summary_doc"
REPORT_KIND = "evaluation_report"


def _paragraphs(text: str, empty: str = "（未填写）") -> list[Paragraph]:
    found = [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]
    return found or [Paragraph(empty)]


def _verdict(registration: Registration) -> Verdict | None:
    try:
        return registration.verdict
    except Verdict.DoesNotExist:
        return None


def _branch_opinion(registration: Registration, verdict: Verdict | None) -> str:
    if registration.person.is_probationary:
        return "预备党员，参加民主评议，不定等次。"
    if verdict is None:
        return "（尚未评定）"
    text = f"评定等次：{verdict.get_grade_display()}（{verdict.get_state_display()}）"
    return f"{text}。理由：{verdict.reason}" if verdict.reason else f"{text}。"


def _upper_opinion(verdict: Verdict | None) -> str:
    if verdict is None or verdict.grade not in Grade.needs_upper_approval():
        return "—"
    if verdict.state == "approved":
        return f"同意。{verdict.upper_note}".strip()
    if verdict.state == "upper_review":
        return "待上级党委审批"
    return verdict.upper_note or "—"


# --- 民主评议党员登记表 ---------------------------------------------------------------------


def registration_document(registration: Registration) -> OfficialDocument:
    evaluation = registration.evaluation
    meeting = evaluation.meeting
    person = registration.person
    verdict = _verdict(registration)
    reader = f"（请假，书面材料由{registration.read_by.name}宣读）" if registration.on_leave and registration.read_by else ""
    blocks = [
        Table(headers=["项目", "内容"], rows=[
            ["姓名", person.name + reader],
            ["职务", person.title or "—"],
            ["所在党支部", meeting.organization.name],
            ["所在党小组", person.party_group.name if person.party_group else "—"],
            ["党员类别", "预备党员" if person.is_probationary else "正式党员"],
            ["自我评价", registration.get_self_judgement_display() or "—"],
        ], widths=[24, 76]),
        Heading("一、自我鉴定（党性分析）"),
        *_paragraphs(registration.self_assessment),
        Heading("二、党小组评议意见"),
        *_paragraphs(registration.group_opinion),
        Heading("三、群众评议意见"),
        *_paragraphs(registration.outside_opinion),
        Heading("四、党支部评议意见"),
        Paragraph(_branch_opinion(registration, verdict)),
        Heading("五、上级党委审批意见"),
        Paragraph(_upper_opinion(verdict)),
    ]
    return OfficialDocument(
        title=f"{meeting.year}年度民主评议党员登记表",
        subtitle=person.name,
        blocks=blocks,
        signature=[meeting.organization.name, day_text(document_day())],
    )


def _registration_for_document(user, pk):
    registration, _, roles = get_registration_for_user(user, pk)
    if not reads_self_assessment(registration, roles):
        raise Http404("登记表不存在")  # the draft is its author's until submitted
    return registration


register(DocumentType(kind=REGISTRATION_KIND, label="民主评议党员登记表", build=registration_document,
                      get_for_user=_registration_for_document))


def _evaluation_for_document(user, pk):
    evaluation = Evaluation.objects.filter(pk=pk).first()
    if evaluation is None:
        raise Http404("民主评议不存在")
    evaluation, _ = get_evaluation_for_user(user, evaluation.meeting_id, require=RESULT_ROLES)
    return evaluation


# --- 评分表 (blank, for paper) -------------------------------------------------------------


def score_sheet_document(evaluation: Evaluation) -> OfficialDocument:
    """The blank 评分表 and 基层党组织民主评议表, printed for a branch that scores on paper."""
    items = items_for(evaluation)
    people = [line.person for line in lines(evaluation)]
    headers = ["序号", "姓名", *[f"{i.title}（{i.max_points}分）" for i in items], "合计"]
    rows = [[str(n), p.name, *[""] * len(items), ""] for n, p in enumerate(people, start=1)]
    ratings = [label for _, label in CommitteeRating.choices]
    blocks = [
        Paragraph("本表不记名。请对每位党员逐项打分，每项不超过所列分值；填好后折叠投入票箱。", indent=False),
        Table(headers=headers, rows=rows, widths=[6, 12, *[14] * len(items), 12]),
        Heading("基层党组织民主评议表"),
        Paragraph("请对支部委员会的工作、作风逐项评议，在相应栏内划“√”。", indent=False),
        Table(headers=["评议内容", *ratings], rows=[[a, *[""] * len(ratings)] for a in COMMITTEE_ASPECTS],
              widths=[44, 14, 14, 14, 14]),
    ]
    meeting = evaluation.meeting
    return OfficialDocument(title=f"{meeting.year}年度民主评议党员评分表", subtitle=meeting.organization.name,
                            blocks=blocks)


register(DocumentType(kind=SHEET_KIND, label="民主评议党员评分表（空白）", build=score_sheet_document,
                      get_for_user=_evaluation_for_document))


# --- 汇总表 ------------------------------------------------------------------------------


def _grade_counts(found, verdicts) -> list[list[str]]:
    counts = {g: 0 for g in Grade.values}
    for v in verdicts.values():
        counts[v.grade] += 1
    probationary = sum(1 for line in found if line.person.is_probationary)
    return [
        ["党员总数", str(len(found))],
        ["参加评定的正式党员", str(len(found) - probationary)],
        *[[label, str(counts[value])] for value, label in Grade.choices],
        ["预备党员（不定等次）", str(probationary)],
    ]


SUMMARY_HEADERS = ["项目", "人数"]


def _detail(evaluation: Evaluation):
    found = lines(evaluation)
    verdicts = {v.registration.person_id: v for v in
                Verdict.objects.filter(registration__evaluation=evaluation).select_related("registration")}
    result = latest_result(evaluation)
    scores = {m.person.pk: m for m in result.members} if result else {}
    items = items_for(evaluation)
    headers = ["序号", "姓名", "党小组", "党员类别", "自我评价", *[f"{i.title}平均分" for i in items], "平均总分",
               "党小组评议意见", "群众评议意见", "评定等次", "理由", "上级党委审批", "表扬或处理情况"]
    rows = []
    for n, line in enumerate(found, start=1):
        person, reg = line.person, line.registration
        verdict = verdicts.get(person.pk)
        score = scores.get(person.pk)
        rows.append([
            str(n), person.name, person.party_group.name if person.party_group else "",
            "预备党员" if person.is_probationary else "正式党员",
            reg.get_self_judgement_display() if reg else "",
            *([str(a) for a in score.averages] if score else [""] * len(items)),
            str(score.total_average) if score else "",
            reg.group_opinion if reg else "", reg.outside_opinion if reg else "",
            "不定等次" if person.is_probationary else (verdict.get_grade_display() if verdict else ""),
            verdict.reason if verdict else "", _upper_opinion(verdict) if verdict else "",
            ((verdict.get_handling_display() + "：") if verdict and verdict.handling else "")
            + (verdict.follow_up if verdict else ""),
        ])
    return found, verdicts, result, headers, rows


def summary_table(evaluation: Evaluation) -> Spreadsheet:
    """The 汇总表 with its two sheets (方案3 §四(三): 含汇总表和明细表两张表格)."""

    def sheets():
        found, verdicts, result, headers, rows = _detail(evaluation)
        summary = _grade_counts(found, verdicts)
        summary.append(["现场评分人数", str(result.voters) if result else "未出结果"])
        yield "汇总表", SUMMARY_HEADERS, summary
        yield "明细表", headers, rows

    meeting = evaluation.meeting
    return Spreadsheet(
        title=f"{meeting.title}民主评议党员汇总表",
        sheets=sheets,
        version=_version(evaluation),
        widths={"汇总表": [28, 10], "明细表": [6, 10, 12, 10, 10, 10, 10, 10, 10, 10, 10, 30, 30, 10, 30, 20, 30]},
    )


def _version(evaluation: Evaluation) -> str:
    registrations = Registration.objects.filter(evaluation=evaluation)
    regs = registrations.aggregate(v=Max("version"), g=Max("group_version"), o=Max("outside_version"))
    return ":".join(str(x) for x in (
        registrations.count(), regs["v"], regs["g"], regs["o"],
        VerdictEvent.objects.filter(verdict__registration__evaluation=evaluation).aggregate(m=Max("pk"))["m"],
        evaluation.rounds.filter(state="closed").aggregate(m=Max("pk"))["m"], evaluation.items.aggregate(
            m=Max("max_points"))["m"],
    ))


register(DocumentType(kind=SUMMARY_KIND, label="民主评议党员汇总表（Excel）", build=summary_table,
                      get_for_user=_evaluation_for_document, formats=("xlsx",)))


def summary_document(evaluation: Evaluation) -> OfficialDocument:
    found, verdicts, result, headers, rows = _detail(evaluation)
    summary = _grade_counts(found, verdicts)
    summary.append(["现场评分人数", str(result.voters) if result else "未出结果"])
    short = ["序号", "姓名", "党员类别", "自我评价", "平均总分", "评定等次", "理由", "上级党委审批"]
    index = [headers.index(h) for h in short]
    meeting = evaluation.meeting
    return OfficialDocument(
        title=f"{meeting.year}年度民主评议党员汇总表",
        subtitle=meeting.organization.name,
        blocks=[
            Heading("一、汇总"),
            Table(headers=SUMMARY_HEADERS, rows=summary, widths=[60, 40]),
            Heading("二、明细"),
            Table(headers=short, rows=[[row[i] for i in index] for row in rows], widths=[6, 10, 10, 10, 10, 10, 26, 18]),
        ],
        signature=[meeting.organization.name, day_text(document_day())],
    )


register(DocumentType(kind=SUMMARY_DOC_KIND, label="民主评议党员汇总表", build=summary_document,
                      get_for_user=_evaluation_for_document, formats=("pdf",)))


# --- 民主评议党员工作总结 -------------------------------------------------------------------


def report_document(evaluation: Evaluation) -> OfficialDocument:
    """方案3 §五(四): the course and the result of the evaluation, the problems found, the
    committee's and the members' overall showing, in a written report to the upper committee."""
    found, verdicts, result, _headers, _rows = _detail(evaluation)
    meeting = evaluation.meeting
    counts = dict((label, n) for label, n in _grade_counts(found, verdicts))
    probationary = counts["预备党员（不定等次）"]
    course = (
        f"本支部{meeting.year}年度组织生活会同时开展民主评议党员，全体党员{len(found)}名参加，"
        f"其中预备党员{probationary}名参加评议、不定等次。党员撰写自我鉴定，经支部审定后在会上作自我总结；"
        "会上开展自评互评，现场不记名评分，并听取党小组和党外群众意见。"
    )
    if result:
        course += f"现场评分共{result.voters}人参加。"
    grades = "，".join(f"{label}{counts[label]}名" for _, label in Grade.choices)
    ungraded = int(counts["参加评定的正式党员"]) - len(verdicts)
    if ungraded > 0:
        grades += f"，尚未评定{ungraded}名"
    blocks = [
        Heading("一、评议经过"),
        Paragraph(course),
        Heading("二、评议结果"),
        Paragraph(f"经支部委员会综合分析、征求全体党员意见，评定{grades}。优秀和不合格等次报上级党委审批。"),
    ]
    if result and result.committee:
        blocks += [
            Heading("三、对支部委员会的评议"),
            Table(headers=["评议内容", *[label for _, label in CommitteeRating.choices]],
                  rows=[[c.aspect, *[str(n) for _, n in c.counts]] for c in result.committee],
                  widths=[44, 14, 14, 14, 14]),
        ]
    blocks += [Heading("四、存在的问题和下一步措施" if result and result.committee else "三、存在的问题和下一步措施"),
               *_paragraphs(evaluation.report_text, "（支部尚未填写）")]
    return OfficialDocument(
        title=f"关于{meeting.year}年度民主评议党员工作情况的报告",
        blocks=blocks,
        signature=[meeting.organization.name, day_text(document_day())],
    )


register(DocumentType(kind=REPORT_KIND, label="民主评议党员工作情况报告", build=report_document,
                      get_for_user=_evaluation_for_document))
