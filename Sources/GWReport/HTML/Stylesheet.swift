/// The report's only style sheet, inlined in its `<head>` so the file works offline and alone:
/// system fonts, colours as variables with a dark scheme, and a print layout that shows
/// everything (no scrolled boxes) on white.
enum Stylesheet {
    static let css = """
        :root {
          color-scheme: light dark;
          --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --border: #d0d7de; --panel: #f6f8fa;
          --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da;
          --stable-0: #0969da; --stable-1: #1b7c83; --stable-2: #8250df;
          --canary-0: #e16f24; --canary-1: #bf3989; --canary-2: #9a6700; --other: #6e7781;
          --weight: #8250df;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d; --panel: #161b22;
            --ok: #3fb950; --bad: #f85149; --warn: #d29922; --info: #4493f8;
            --stable-0: #4493f8; --stable-1: #39c5cf; --stable-2: #a371f7;
            --canary-0: #f0883e; --canary-1: #db61a2; --canary-2: #d29922; --other: #8d96a0;
            --weight: #a371f7;
          }
        }
        * { box-sizing: border-box; }
        body {
          margin: 0 auto; padding: 24px; max-width: 1180px; background: var(--bg); color: var(--fg);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
        }
        h1 { font-size: 24px; margin: 0; }
        h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
        h3 { font-size: 15px; margin: 0; }
        code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
        .muted { color: var(--muted); }
        .title { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
        .badge {
          display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600;
          border: 1px solid currentColor; white-space: nowrap;
        }
        .title .badge { font-size: 14px; padding: 3px 12px; }
        .ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
        .info { color: var(--info); } .quiet { color: var(--muted); }
        .message {
          margin: 12px 0; padding: 10px 14px; border-left: 4px solid var(--border); background: var(--panel);
          white-space: pre-wrap; overflow-wrap: anywhere;
        }
        .message.bad { border-left-color: var(--bad); color: var(--fg); }
        .facts {
          display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 24px; margin: 12px 0;
        }
        .facts div { min-width: 0; }
        .facts dt { font-size: 12px; color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        nav { margin: 16px 0 0; font-size: 13px; }
        nav a { color: var(--info); margin-right: 14px; text-decoration: none; }
        table { width: 100%; border-collapse: collapse; font-size: 13px; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--border); }
        th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--panel); }
        td { overflow-wrap: anywhere; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.nowrap { white-space: nowrap; }
        tr.stage-row td { background: var(--panel); font-weight: 600; }
        tr.step-row td:first-child { padding-left: 26px; }
        .kind { font-size: 11px; color: var(--muted); margin-left: 6px; }
        .multiline { white-space: pre-wrap; }
        tr.output-row td { padding: 0 8px 8px 26px; border-bottom: 1px solid var(--border); }
        pre {
          margin: 0; padding: 8px 10px; background: var(--panel); border: 1px solid var(--border); border-radius: 4px;
          max-height: 260px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px;
        }
        .empty { color: var(--muted); font-style: italic; }
        figure.strategy { margin: 16px 0 28px; break-inside: avoid; }
        figure.strategy figcaption { margin-bottom: 6px; }
        .legend {
          list-style: none; padding: 0; margin: 6px 0 4px; display: flex; flex-wrap: wrap; gap: 4px 18px;
          font-size: 12px;
        }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .swatch { display: inline-block; width: 18px; height: 0; border-top: 3px solid var(--other); }
        .swatch.line { border-top-color: var(--line, var(--other)); }
        .swatch.line.canary-0, .swatch.line.canary-1, .swatch.line.canary-2 { border-top-style: dashed; }
        .swatch.band { height: 10px; border: 0; background: var(--weight); opacity: 0.25; }
        .swatch.weight-change { border-top: 1px dashed var(--muted); }
        .swatch.rollback { border-top: 2px solid var(--bad); }
        .swatch.tick { width: 4px; height: 10px; border: 0; }
        .swatch.tick.pass { background: var(--ok); } .swatch.tick.fail { background: var(--bad); }
        .swatch.tick.inconclusive { background: var(--muted); }
        .stable-0 { --line: var(--stable-0); } .stable-1 { --line: var(--stable-1); }
        .stable-2 { --line: var(--stable-2); }
        .canary-0 { --line: var(--canary-0); } .canary-1 { --line: var(--canary-1); }
        .canary-2 { --line: var(--canary-2); }
        .other-0, .other-1, .other-2 { --line: var(--other); }
        svg.chart { display: block; width: 100%; height: auto; max-width: 900px; margin: 4px 0 10px; }
        svg.chart text { font-size: 11px; fill: var(--muted); font-family: inherit; }
        svg.chart .chart-title { font-size: 13px; font-weight: 600; fill: var(--fg); }
        svg.chart .plot { fill: none; stroke: var(--border); }
        svg.chart .grid { stroke: var(--border); stroke-width: 0.6; stroke-dasharray: 2 3; }
        svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
        svg.chart .series { fill: none; stroke: var(--line, var(--other)); stroke-width: 2; stroke-linejoin: round; }
        svg.chart .series.canary-0, svg.chart .series.canary-1, svg.chart .series.canary-2 { stroke-dasharray: 6 2; }
        svg.chart .dot { fill: var(--line, var(--other)); }
        svg.chart .weight-band { fill: var(--weight); opacity: 0.12; }
        svg.chart .weight-line { fill: none; stroke: var(--weight); stroke-width: 1; opacity: 0.6; }
        svg.chart .weight-label { fill: var(--weight); }
        svg.chart .marker.weight-change { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 4 3; }
        svg.chart .marker.rollback { stroke: var(--bad); stroke-width: 2.5; }
        svg.chart .marker-label.rollback { fill: var(--bad); font-weight: 700; }
        svg.chart .gate-tick.pass { fill: var(--ok); } svg.chart .gate-tick.fail { fill: var(--bad); }
        svg.chart .gate-tick.inconclusive { fill: var(--muted); }
        footer { margin-top: 36px; font-size: 12px; color: var(--muted); }
        @media print {
          :root {
            --bg: #ffffff; --fg: #000000; --muted: #555555; --border: #bbbbbb; --panel: #f3f3f3;
          }
          body { padding: 0; max-width: none; font-size: 11px; }
          nav { display: none; }
          pre { max-height: none; overflow: visible; }
          h2 { break-after: avoid; }
          tr, figure { break-inside: avoid; }
        }
        """
}
