// Charts of the labour-force-survey pages: the rate by city with its 95% confidence interval, the city map, and a
// city's monthly series with its confidence band and seasonally adjusted line. Unreliable estimates are grey.
(function () {
  if (!window.echarts) return;
  const BRAND = "#b5261e", GREY = "#cbd2d9", INK = "#1f2933", BAND = "rgba(181, 38, 30, 0.12)";
  const percent = (value) => (value === null || value === undefined ? "—" : value.toFixed(1) + "%");
  const seriesUrl = (element, code) =>
    element.dataset.seriesUrl.replace(/0\/$/, code + "/") + "?profile=" + encodeURIComponent(element.dataset.profile);
  const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
  const unreliableNote = "（变异系数超过阈值，仅供参考）";

  function tooltip(d) {
    return `${d.name}<br>调查失业率：${percent(d.rate)}<br>95%置信区间：${percent(d.ci_low)}–${percent(d.ci_high)}` +
      (d.reliable ? "" : `<br>${unreliableNote}`);
  }

  // Vertical whiskers from ci_low to ci_high with short caps, drawn over the bars.
  function whisker(params, api) {
    const x = api.value(0), low = api.coord([x, api.value(1)]), high = api.coord([x, api.value(2)]);
    const half = api.size([1, 0])[0] * 0.12;
    const style = { stroke: api.value(3) ? INK : "#9aa5b1", lineWidth: 1.5 };
    const line = (x1, y1, x2, y2) => ({ type: "line", shape: { x1, y1, x2, y2 }, style });
    return { type: "group", children: [
      line(low[0], low[1], high[0], high[1]),
      line(low[0] - half, low[1], low[0] + half, low[1]),
      line(high[0] - half, high[1], high[0] + half, high[1]),
    ] };
  }

  function ratesChart() {
    const element = document.getElementById("rates-chart");
    if (!element) return;
    const data = readJson("rates-chart-data");
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "item", formatter: (p) => tooltip(data[p.dataIndex]) },
      grid: { left: 48, right: 16, top: 28, bottom: 56 },
      xAxis: { type: "category", data: data.map((d) => d.name), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", name: "%", min: 0 },
      series: [
        { type: "bar", name: "调查失业率", barWidth: "50%",
          data: data.map((d) => ({ value: d.rate, itemStyle: { color: d.reliable ? BRAND : GREY } })) },
        { type: "custom", name: "95%置信区间", renderItem: whisker, z: 10,
          encode: { x: 0, y: [1, 2] }, data: data.map((d, i) => [i, d.ci_low, d.ci_high, d.reliable ? 1 : 0]) },
      ],
    });
    chart.on("click", (p) => { if (data[p.dataIndex]) window.location.href = seriesUrl(element, data[p.dataIndex].code); });
    window.addEventListener("resize", () => chart.resize());
  }

  function ratesMap() {
    const element = document.getElementById("rates-map");
    if (!element) return;
    const data = readJson("rates-chart-data");
    const byCode = Object.fromEntries(data.map((d) => [d.code, d]));
    fetch(element.dataset.mapUrl)
      .then((response) => response.json())
      .then((shapes) => {
        // Name each shape as the reference data does, so shapes and figures join on the region code.
        const features = shapes.features.map((f) => ({
          ...f, properties: { ...f.properties, name: (byCode[f.properties.code] || {}).name || f.properties.name },
        }));
        echarts.registerMap("lfs-cities", { type: "FeatureCollection", features: features });
        const rates = data.filter((d) => d.rate !== null).map((d) => d.rate);
        const chart = echarts.init(element);
        chart.setOption({
          tooltip: { trigger: "item", formatter: (p) => (p.data ? tooltip(p.data) : p.name) },
          visualMap: { min: Math.floor(Math.min(...rates)), max: Math.ceil(Math.max(...rates)), left: "left", bottom: 10,
                       text: ["高", "低"], calculable: true, inRange: { color: ["#fff5eb", "#fd8d3c", "#a63603"] } },
          series: [{ type: "map", map: "lfs-cities", nameProperty: "name", roam: true, label: { show: true, fontSize: 10 },
                     data: data.map((d) => ({ ...d, value: d.rate,
                                              itemStyle: d.reliable ? undefined : { areaColor: GREY } })) }],
        });
        chart.on("click", (p) => { if (p.data && p.data.code) window.location.href = seriesUrl(element, p.data.code); });
        window.addEventListener("resize", () => chart.resize());
      });
  }

  function seriesChart() {
    const element = document.getElementById("series-chart");
    if (!element) return;
    const data = readJson("series-chart-data");
    const band = data.ci_high.map((high, i) => (high === null || data.ci_low[i] === null ? null : +(high - data.ci_low[i]).toFixed(3)));
    const series = [
      // The band is a transparent lower line with the interval's width stacked on it.
      { name: "置信下限", type: "line", data: data.ci_low, stack: "ci", symbol: "none", lineStyle: { opacity: 0 },
        tooltip: { show: false } },
      { name: "95%置信区间", type: "line", data: band, stack: "ci", symbol: "none", lineStyle: { opacity: 0 },
        areaStyle: { color: BAND } },
      { name: "调查失业率", type: "line", color: BRAND,
        data: data.rate.map((rate, i) => ({ value: rate, itemStyle: { color: data.reliable[i] ? BRAND : GREY } })) },
    ];
    if (data.adjusted) {
      series.push({ name: "季节调整后", type: "line", data: data.adjusted, symbol: "none", color: INK,
                    lineStyle: { type: "dashed", width: 2 } });
    }
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: {
        trigger: "axis",
        formatter: (items) => {
          const i = items[0].dataIndex;
          const lines = [`${data.months[i]}`, `调查失业率：${percent(data.rate[i])}`,
                         `95%置信区间：${percent(data.ci_low[i])}–${percent(data.ci_high[i])}`];
          if (data.adjusted) lines.push(`季节调整后：${percent(data.adjusted[i])}`);
          if (!data.reliable[i]) lines.push(unreliableNote);
          return lines.join("<br>");
        },
      },
      legend: { data: ["调查失业率", "95%置信区间", "季节调整后"].filter((name) => name !== "季节调整后" || data.adjusted) },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: "category", data: data.months, boundaryGap: false },
      yAxis: { type: "value", name: "%", scale: true },
      series: series,
    });
    window.addEventListener("resize", () => chart.resize());
  }

  ratesChart();
  ratesMap();
  seriesChart();
})();
