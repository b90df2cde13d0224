// The analysis charts: 13-month headcount (bars) and job-loss rate (line), and the month's change by region and
// industry (bars, decreases red). Data from the page's json_script, #analysis-chart-data.
(function () {
  if (!window.echarts) return;
  const BRAND = "#b5261e", GREEN = "#2f7d32", GREY = "#cbd2d9";
  const data = JSON.parse(document.getElementById("analysis-chart-data").textContent);
  const percent = (value) => (value === null || value === undefined ? "—" : value.toFixed(2) + "%");
  function draw(id, option) {
    const element = document.getElementById(id);
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption(option);
    window.addEventListener("resize", () => chart.resize());
  }
  draw("trend-chart", {
    tooltip: { trigger: "axis" },
    legend: { data: ["调查期岗位总数", "岗位流失率"] },
    grid: { left: 64, right: 56, top: 36, bottom: 40 },
    xAxis: { type: "category", data: data.trend.map((d) => d.period) },
    yAxis: [{ type: "value", name: "个" }, { type: "value", name: "%", min: 0 }],
    series: [
      { name: "调查期岗位总数", type: "bar", data: data.trend.map((d) => d.headcount), itemStyle: { color: GREY } },
      { name: "岗位流失率", type: "line", yAxisIndex: 1, data: data.trend.map((d) => d.rate), itemStyle: { color: BRAND },
        tooltip: { valueFormatter: percent } },
    ],
  });
  function changes(rows) {
    const sorted = rows.slice().sort((a, b) => a.change - b.change);
    return {
      tooltip: { trigger: "item", formatter: (p) => `${p.name}<br>较上月增减：${p.value}个<br>变动率：${percent(sorted[p.dataIndex].rate)}` },
      grid: { left: 200, right: 40, top: 16, bottom: 24 },
      xAxis: { type: "value", name: "个" },
      yAxis: { type: "category", data: sorted.map((d) => d.name), axisLabel: { interval: 0 } },
      series: [{ type: "bar", data: sorted.map((d) => ({ value: d.change, itemStyle: { color: d.change < 0 ? BRAND : GREEN } })),
                 label: { show: true, position: "right" } }],
    };
  }
  draw("region-chart", changes(data.regions));
  draw("industry-chart", changes(data.industries));
})();
