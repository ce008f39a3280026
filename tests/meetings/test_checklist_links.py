"""A link on the meeting's checklist leads somewhere its reader may go: no role is sent to a
page that answers 403 or 404 (the crawl of the county found 谈话对象已确定 linking every
role to the office's talks setup)."""

import re

import pytest


@pytest.mark.parametrize("role", ["office", "secretary", "member", "supervisor"])
def test_every_checklist_link_opens_for_the_person_reading_it(cast, meeting, login, role):
    client = login(getattr(cast, role))
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    checklist = page.split("<h2>工作进度</h2>", 1)[1].split("</section>", 1)[0]
    links = set(re.findall(r'<a [^>]*href="(/[^"#]*)"', checklist))
    assert links  # the checklist does link to the phases
    refused = {url: client.get(url).status_code for url in links}
    assert {url: s for url, s in refused.items() if s in (403, 404)} == {}
