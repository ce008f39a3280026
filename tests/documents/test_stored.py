import pytest

from documents.models import GeneratedFile
from documents.stored import stored_reader


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_reader_opens_the_file_only_when_asked_and_reads_it_whole(media):
    stored = GeneratedFile(file="records/scan.bin").file
    read = stored_reader(stored)  # nothing there yet: handing it on does not open it
    (media / "records").mkdir()
    (media / "records" / "scan.bin").write_bytes(b"\x00scan" * 10_000)
    assert read() == b"\x00scan" * 10_000
    assert stored.closed


def test_a_file_missing_from_storage_fails_when_it_is_read(media):
    read = stored_reader(GeneratedFile(file="records/gone.bin").file)
    with pytest.raises(OSError):
        read()
