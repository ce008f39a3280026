def test_the_home_page_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_meeting_page_shows_the_stage_to_the_office(cast, meeting, login):
    response = login(cast.office).get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert "筹备" in response.content.decode()
