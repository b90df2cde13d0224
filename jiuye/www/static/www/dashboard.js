// The leaders' dashboard: a trend chart in each indicator card (the figures, the line the target asks for, the
// projection with its interval) and the map of the child regions, switched between its five measures
// (region_map.js draws it). Each chart offers "保存为图片" (ECharts' saveAsImage). The printable view
// (data-print) draws them still, as SVG, for paper.
(function () {
  const root = document.getElementById("dashboard");
  if (!root || !window.echarts) return;
  const printing = root.dataset.print === "1";
  const renderer = printing ? "svg" : "canvas";
  const BRAND = "#b5261e", TARGET = "#52606d", PROJECTION = "#c05621";
  const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
  const number = (value) => (value === null || value === undefined ? "—"
    : value.toLocaleString("zh-CN", { maximumFractionDigits: 2 }));
  const charts = [];

  // The projection's interval: a vertical whisker with caps at the target year.
  function whisker(params, api) {
    const x = api.value(0), low = api.coord([x, api.value(1)]), high = api.coord([x, api.value(2)]);
    if (!low || !high) return null; // the axes are not laid out yet (a resize while drawing)
    const half = 6, style = { stroke: PROJECTION, lineWidth: 1.5 };
    const line = (x1, y1, x2, y2) => ({ type: "line", shape: { x1, y1, x2, y2 }, style });
    return { type: "group", children: [
      line(low[0], low[1], high[0], high[1]),
      line(low[0] - half, low[1], low[0] + half, low[1]),
      line(high[0] - half, high[1], high[0] + half, high[1]),
    ] };
  }

  function lastIndex(values) {
    for (let i = values.length - 1; i >= 0; i -= 1) if (values[i] !== null) return i;
    return -1;
  }

  function trendSeries(data) {
    const series = [];
    if (data.target.length) {
      series.push({ name: data.targetName, type: "line", data: data.target, connectNulls: true, symbol: "none",
                    lineStyle: { type: "dashed", color: TARGET, width: 1.5 }, itemStyle: { color: TARGET } });
    }
    series.push({ name: data.actualName, type: "line", data: data.actual, connectNulls: true, symbolSize: 7,
                  lineStyle: { color: BRAND, width: 2.5 }, itemStyle: { color: BRAND } });
    const projection = data.projection, last = lastIndex(data.actual);
    if (projection && last >= 0) {
      const at = data.years.indexOf(projection.year);
      const line = data.years.map((_, i) => (i === last ? data.actual[last] : i === at ? projection.value : null));
      series.push({ name: projection.name, type: "line", data: line, connectNulls: true, symbol: "emptyCircle",
                    symbolSize: 7, lineStyle: { type: "dotted", color: PROJECTION, width: 2 }, itemStyle: { color: PROJECTION } });
      if (projection.low !== null) {
        series.push({ name: projection.name, type: "custom", renderItem: whisker, z: 10, tooltip: { show: false },
                      encode: { x: 0, y: [1, 2] }, data: [[at, projection.low, projection.high]] });
      }
    }
    return series;
  }

  function tooltip(data) {
    return (items) => {
      const index = items[0].dataIndex;
      const lines = items.filter((item) => item.seriesType === "line" && item.value !== null && item.value !== undefined)
        .map((item) => `${item.marker}${item.seriesName}：${number(item.value)}${data.unit}` +
             (item.seriesName === data.actualName && data.labels[index] ? `（${data.labels[index]}）` : ""));
      const projection = data.projection;
      if (projection && data.years[index] === projection.year && projection.low !== null) {
        lines.push(`预测区间：${number(projection.low)}—${number(projection.high)}${data.unit}`);
      }
      return [data.years[index] + "年", ...lines].join("<br>");
    };
  }

  function trendChart(data) {
    const element = document.getElementById(data.id);
    if (!element) return;
    const chart = echarts.init(element, null, { renderer });
    chart.setOption({
      animation: !printing,
      tooltip: { trigger: "axis", confine: true, formatter: tooltip(data) },
      legend: { bottom: 0, itemWidth: 18, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 16, top: 30, bottom: 36, containLabel: true },
      toolbox: printing ? undefined : { right: 0, top: 0, feature: { saveAsImage: { title: "保存为图片", name: data.file, pixelRatio: 2 } } },
      xAxis: { type: "category", data: data.years, boundaryGap: false },
      yAxis: { type: "value", name: data.unit, scale: true, nameTextStyle: { align: "left" } },
      series: trendSeries(data),
    });
    charts.push(chart);
  }

  readJson("dashboard-charts").forEach(trendChart);

  function drawMap() {
    const element = document.getElementById("dashboard-map");
    if (!element) return;
    const measures = readJson("dashboard-map-data").measures;
    const hasFigures = (measure) => measure.data.some((d) => d.value !== null);
    const wanted = measures.find((measure) => measure.key === root.dataset.measure);
    const first = wanted || measures.find(hasFigures) || measures[0];
    const note = document.getElementById("measure-note");
    const printLink = document.getElementById("dashboard-print");
    const radios = document.querySelectorAll(".measure-switch input[name=measure]");
    const settings = { renderer, still: printing, fileName: printing ? "" : element.dataset.fileName };
    window.regionMap.draw(element, first, settings).then(({ chart, show }) => {
      charts.push(chart);
      const choose = (measure) => {
        show(measure);
        note.textContent = measure.note;
        radios.forEach((radio) => { radio.checked = radio.value === measure.key; });
        document.querySelectorAll("#region-figures [data-measure]").forEach((cell) => {
          cell.classList.toggle("current", cell.dataset.measure === measure.key);
        });
        if (printLink) printLink.href = printLink.href.split("?")[0] + "?measure=" + encodeURIComponent(measure.key);
      };
      choose(first);
      radios.forEach((radio) => radio.addEventListener("change", () => {
        choose(measures.find((measure) => measure.key === radio.value));
      }));
    });
  }

  drawMap();
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
  // Paper is narrower than the screen the charts were drawn for: fit them to it, without their "保存为图片"
  // buttons, and back afterwards.
  const toolbox = (show) => charts.forEach((chart) => {
    chart.setOption({ toolbox: { show: show && !printing } });
    chart.resize();
  });
  window.addEventListener("beforeprint", () => toolbox(false));
  window.addEventListener("afterprint", () => toolbox(true));
  const printNow = document.getElementById("print-now");
  if (printNow) printNow.addEventListener("click", () => window.print());
})();
