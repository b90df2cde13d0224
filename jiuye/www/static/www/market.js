// Charts of the supply-and-demand page: the vacancy-seeker ratio (求人倍率) by region as bars and on the map (a click
// drills down into the region), and the region's demand, supply and ratio over the last eight quarters.
(function () {
  if (!window.echarts) return;
  const BRAND = "#b5261e", INK = "#1f2933", GREY = "#9aa5b1";
  const data = JSON.parse(document.getElementById("market-data").textContent);
  const ratio = (value) => (value === null || value === undefined ? "—" : value.toFixed(2));
  const drill = (code) => {
    const params = new URLSearchParams(window.location.search);
    params.set("region", code);
    window.location.search = params.toString();
  };
  const tooltip = (d) => `${d.name}<br>需求人数：${d.demand}<br>求职人数：${d.supply}<br>求人倍率：${ratio(d.value)}`;
  const charts = [];

  function regionBars() {
    const element = document.getElementById("market-regions");
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "item", formatter: (p) => tooltip(data.regions[p.dataIndex]) },
      grid: { left: 48, right: 16, top: 28, bottom: 56 },
      xAxis: { type: "category", data: data.regions.map((d) => d.name), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", name: "求人倍率", min: 0 },
      series: [{ type: "bar", data: data.regions.map((d) => d.value), itemStyle: { color: BRAND },
                 markLine: { symbol: "none", data: [{ yAxis: 1 }], lineStyle: { color: INK, type: "dashed" } } }],
    });
    chart.on("click", (p) => { const d = data.regions[p.dataIndex]; if (d && d.code.length > 2) drill(d.code); });
    charts.push(chart);
  }

  function regionMap() {
    const element = document.getElementById("market-map");
    if (!element) return;
    const region = element.dataset.region;
    const names = Object.fromEntries(data.regions.map((d) => [d.code, d.name]));
    fetch(element.dataset.mapUrl)
      .then((response) => response.json())
      .then((shapes) => {
        const features = shapes.features
          .filter((f) => String(f.properties.code).startsWith(region))
          .map((f) => ({ ...f, properties: { ...f.properties, name: names[f.properties.code] || f.properties.name } }));
        echarts.registerMap("market-" + region, { type: "FeatureCollection", features: features });
        const chart = echarts.init(element);
        const max = Math.max(2, ...data.regions.map((d) => d.value || 0));
        chart.setOption({
          tooltip: { trigger: "item", formatter: (p) => (p.data ? tooltip(p.data) : p.name) },
          visualMap: { min: 0, max: max, left: "left", bottom: 10, text: ["岗位多", "求职者多"], calculable: true,
                       inRange: { color: ["#2c7bb6", "#ffffbf", "#d7191c"] } },
          series: [{ type: "map", map: "market-" + region, nameProperty: "name", roam: true,
                     label: { show: true, fontSize: 10 }, data: data.regions }],
        });
        chart.on("click", (p) => { if (p.data && p.data.code) drill(p.data.code); });
        charts.push(chart);
      });
  }

  function trend() {
    const element = document.getElementById("market-trend");
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 48, top: 36, bottom: 32 },
      xAxis: { type: "category", data: data.trend.map((d) => d.quarter) },
      yAxis: [{ type: "value", name: "人数", min: 0 }, { type: "value", name: "求人倍率", min: 0 }],
      series: [
        { name: "需求人数", type: "bar", data: data.trend.map((d) => d.demand), itemStyle: { color: BRAND } },
        { name: "求职人数", type: "bar", data: data.trend.map((d) => d.supply), itemStyle: { color: GREY } },
        { name: "求人倍率", type: "line", yAxisIndex: 1, data: data.trend.map((d) => d.ratio),
          itemStyle: { color: INK } },
      ],
    });
    charts.push(chart);
  }

  regionBars();
  regionMap();
  trend();
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
