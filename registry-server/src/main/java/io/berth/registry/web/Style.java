package io.berth.registry.web;

/** The pages' stylesheet (served at {@link WebPages#STYLE_PATH}; the CSP forbids inline styles). */
final class Style {
  private Style() {}

  static final String CSS = """
      :root { --fg: #1d2733; --muted: #5b6b7c; --line: #dde3ea; --accent: #1565c0; --bg: #f6f8fa; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
      header { background: #0b3d6b; color: #fff; padding: .6rem 1.5rem; }
      header a { color: #fff; font-weight: 600; text-decoration: none; }
      header .host { color: #b7cde3; margin-left: .75rem; font-family: ui-monospace, monospace; }
      main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
      nav { color: var(--muted); margin-bottom: .5rem; }
      a { color: var(--accent); }
      h1 { font-size: 1.6rem; margin: .25rem 0 .75rem; word-break: break-all; }
      h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
      h3 { font-size: 1rem; margin-top: 1.25rem; }
      table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
      th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
      thead th { background: var(--bg); font-weight: 600; color: var(--muted); }
      td.num, td.size { text-align: right; white-space: nowrap; }
      td.created-by code { white-space: pre-wrap; word-break: break-all; }
      tr.empty-layer td { color: var(--muted); }
      code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
      pre.pull { background: var(--bg); border: 1px solid var(--line); padding: .6rem .8rem; overflow-x: auto; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
      dl.facts dt { color: var(--muted); }
      dl.facts dd { margin: 0; word-break: break-all; }
      ul#env { padding-left: 1.2rem; }
      table#labels th { width: 30%; word-break: break-all; }
      table#labels td { word-break: break-all; }
      .empty, .note, .comment { color: var(--muted); }
      """;
}
