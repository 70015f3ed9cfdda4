// Charts drawn with Chart.js (served by the dashboard from node_modules as vendor/chart.umd.js; no
// CDN). Without it the page still shows every figure in its tables.

const charts = new Map();

const COLOURS = { actual: '#0f766e', target: '#cbd5e1', text: '#1e293b', grid: '#e2e8f0' };

const chartLibrary = () => globalThis.Chart;

/** Splits a label into lines of about `width` characters at spaces (Chart.js draws an array as lines). */
const wrap = (label, width) => {
  const lines = [];
  for (const word of label.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] = `${lines[last]} ${word}`;
    else lines.push(word);
  }
  return lines;
};

/** Whether charts can be drawn (the library loaded). */
export const chartsAvailable = () => chartLibrary() !== undefined;

/**
 * Draws (or redraws) a horizontal bar chart of actual figures against targets in a canvas. Right to
 * left, the value axis grows leftwards and the labels stand on the right, as an Arabic reader expects.
 */
export const drawBars = (
  canvas,
  { labels, actual, target, actualLabel, targetLabel, max, dir, locale, format },
) => {
  const Chart = chartLibrary();
  if (Chart === undefined) return;
  charts.get(canvas)?.destroy();
  const rtl = dir === 'rtl';
  // On a phone the value axis would leave long labels too little room: they are wrapped instead.
  const labelWidth = canvas.parentElement.clientWidth < 520 ? 16 : 30;
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: labels.map((label) => wrap(label, labelWidth)),
      datasets: [
        { label: actualLabel, data: actual, backgroundColor: COLOURS.actual, borderRadius: 3 },
        ...(target
          ? [{ label: targetLabel, data: target, backgroundColor: COLOURS.target, borderRadius: 3 }]
          : []),
      ],
    },
    options: {
      indexAxis: 'y',
      locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          reverse: rtl,
          beginAtZero: true,
          suggestedMax: max,
          ticks: { color: COLOURS.text, callback: (value) => format(value), precision: 0 },
          grid: { color: COLOURS.grid },
        },
        y: {
          position: rtl ? 'right' : 'left',
          ticks: { color: COLOURS.text, autoSkip: false },
          grid: { display: false },
        },
      },
      plugins: {
        legend: { rtl, textDirection: dir, labels: { color: COLOURS.text, boxWidth: 12 } },
        tooltip: {
          rtl,
          textDirection: dir,
          callbacks: { label: (item) => `${item.dataset.label}: ${format(item.parsed.x)}` },
        },
      },
    },
  });
  charts.set(canvas, chart);
};
