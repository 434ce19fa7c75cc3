from arm.core.markdown import render_markdown


def test_scripts_and_handlers_are_removed():
    html = render_markdown('Hei <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))')
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_markdown_is_rendered_with_safe_links():
    html = render_markdown("# Otsikko\n\n**Tärkeää** ja [linkki](https://example.fi)\n\n- yksi\n- kaksi")
    assert "<h3>Otsikko</h3>" in html
    assert "<strong>Tärkeää</strong>" in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>yksi</li>" in html


def test_empty_text():
    assert render_markdown(None) == ""
