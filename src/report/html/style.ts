/** The page's own stylesheet, inlined (the report works offline). */
export const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d232a;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;flex:0 1 400px}
.card .big{font-size:22px;font-weight:600}.warn{color:#9a3412}.none{color:#57606a;font-style:italic}
.chart svg{background:#fff;border:1px solid #d0d7de;border-radius:6px}figcaption{font-weight:600;margin:6px 0}
.grid{stroke:#eaeef2}.tick,.label,.value,.legend{font-size:11px;fill:#1d232a}
.bar.ours rect{fill:#2563eb}.bar.baseline rect{fill:#9ca3af}.ci{stroke:#111827;stroke-width:1.5}
.series polyline,.swatch{stroke-width:2}.series.ours .swatch{stroke:#2563eb}.series.baseline .swatch{stroke:#6b7280}.s1.baseline .swatch{stroke:#a16207}.s2.baseline .swatch{stroke:#15803d}.series.ours polyline{stroke:#2563eb}.series.ours circle{fill:#2563eb}
.series.baseline polyline{stroke:#6b7280;stroke-dasharray:4 3}.series.baseline circle{fill:#6b7280}
.s1.baseline polyline{stroke:#a16207}.s1.baseline circle{fill:#a16207}.s2.baseline polyline{stroke:#15803d}.s2.baseline circle{fill:#15803d}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eaeef2;padding:4px 8px;text-align:left;vertical-align:top}
.instances td.id{font-family:ui-monospace,monospace}
.badge{border-radius:10px;padding:1px 8px;font-size:12px}.badge.resolved{background:#dcfce7}.badge.unresolved{background:#fee2e2}
.badge.error{background:#fef3c7}.badge.empty,.badge.not_submitted{background:#e5e7eb}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:6px;border-radius:4px;max-height:480px;overflow:auto;margin:4px 0}
.trajectory .step{margin-bottom:8px}.step-no{font-weight:600}.key{font-size:11px;color:#57606a}
tr.fail td{color:#b91c1c}#filter{margin:8px 0;padding:4px;width:320px}
`;

/** Optional nicety: filter rows by text. The page is complete without it. */
export const SCRIPT = `
document.getElementById("filter")?.addEventListener("input",function(e){var q=e.target.value.toLowerCase();
document.querySelectorAll("#instances tbody tr").forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?"none":"";});});
`;
