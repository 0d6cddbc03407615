"""Lines carrying bytes that are not UTF-8 are counted, not fatal, and their visitors stay distinct."""

from nianbao.evidence.logs import analyse_logs

LINE = (
    b'203.0.113.9 - - [12/Mar/2020:10:00:00 +0800] "GET /index.html HTTP/1.1" 200 512 "-" '
    b'"Mozilla/5.0 (X11) Firefox/%s"\n'
)


def test_two_user_agents_differing_in_an_invalid_byte_are_two_visitors(tmp_path):
    path = tmp_path / "access.log"
    lines = [LINE.replace(b"%s", invalid) for invalid in (b"\x9a", b"\x9b", b"\x9b")]
    path.write_bytes(b"".join(lines))
    result = analyse_logs([str(path)], 2020)
    assert (result.pv, result.uv) == (3, 2)
