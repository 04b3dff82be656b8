import os, time, pytest

pytestmark = pytest.mark.browser


def test_dump(site):
    page = site.as_persona("sam.admin@example.org")
    for p in os.environ["DUMP"].split(","):
        page.goto(p)
        print("=====", p, page.url)
        print(page.inner_html("main"))
