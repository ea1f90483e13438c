/// The site's only stylesheet, inlined in every page (about 2 kB): no extra request, no external
/// font or CDN, readable on a phone, dark mode from the system setting (with the `color-scheme` meta tag, so form controls follow).
enum Style {
    static let css = """
    :root{--fg:#1b1f24;--muted:#5b6470;--bg:#fff;--card:#f6f7f9;--accent:#0b5cad;--mark:#ffe58a}
    @media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa4b1;--bg:#111418;--card:#1b2027;--accent:#7cb7ff;--mark:#6b5a00}}
    *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
    header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}
    header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.75rem 0;border-bottom:1px solid var(--card)}
    header nav a{color:var(--fg);text-decoration:none}header nav a:hover,header nav a:focus{text-decoration:underline}.brand{font-weight:700}
    .search{display:flex;gap:.25rem;flex:1 1 14rem}.search input{flex:1;min-width:0}
    input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:.3rem;background:var(--bg);color:var(--fg)}
    button{cursor:pointer}a{color:var(--accent)}:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
    .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    h1{font-size:1.5rem;margin:1rem 0 .5rem}h2{font-size:1.05rem;margin:0}
    .papers{list-style:none;padding:0;margin:0}.paper{background:var(--card);border-radius:.5rem;padding:.75rem 1rem;margin:.6rem 0;display:flex;gap:1rem}
    .votes{min-width:3rem;text-align:center;font-weight:700}.votes small{display:block;font-weight:400;color:var(--muted)}
    .meta,.muted,.note{color:var(--muted);font-size:.9rem;margin:.2rem 0}.snippet{margin:.3rem 0 0;font-size:.95rem}
    mark{background:var(--mark);color:inherit;padding:0 .1em}
    .filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0}.filters label{display:flex;flex-direction:column;font-size:.85rem}
    .pager{display:flex;justify-content:space-between;margin:1rem 0}.tabs a[aria-current]{font-weight:700;color:var(--fg)}
    .abstract{font-size:1.05rem}.links a{margin-right:1rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}dd{margin:0}
    .error{border-left:4px solid #c33;padding:.5rem 1rem;background:var(--card)}
    footer{margin:2rem auto;color:var(--muted);font-size:.85rem}
    @media (max-width:36rem){.paper{flex-direction:column;gap:.25rem}.votes{text-align:left}}
    """
}
