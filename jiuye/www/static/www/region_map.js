// Colours the child regions of the page's region by the number of registered people; a click opens that region.
(function () {
  const element = document.getElementById("region-map");
  if (!element || !window.echarts) return;
  const data = JSON.parse(document.getElementById("region-map-data").textContent);
  const region = element.dataset.region;
  const regionUrl = (code) => element.dataset.regionUrl.replace(/0\/$/, code + "/");
  fetch(element.dataset.mapUrl)
    .then((response) => response.json())
    .then((shapes) => {
      // The county file covers the province: keep the counties of this city only.
      const names = Object.fromEntries(data.map((d) => [d.code, d.name]));
      const features = shapes.features
        .filter((f) => String(f.properties.code).startsWith(region))
        // Name each shape as the reference data does, so shapes and figures join on the region code.
        .map((f) => ({ ...f, properties: { ...f.properties, name: names[f.properties.code] || f.properties.name } }));
      echarts.registerMap("region-" + region, { type: "FeatureCollection", features: features });
      const chart = echarts.init(element);
      const max = Math.max(1, ...data.map((d) => d.value));
      chart.setOption({
        tooltip: { trigger: "item", formatter: (p) => `${p.name}<br>登记人员：${(p.value || 0).toLocaleString("zh-CN")}` },
        visualMap: { min: 0, max: max, left: "left", bottom: 10, text: ["多", "少"], calculable: true,
                     inRange: { color: ["#fde0dd", "#fa9fb5", "#c51b8a"] } },
        series: [{ type: "map", map: "region-" + region, nameProperty: "name", roam: true,
                   label: { show: true, fontSize: 10 }, data: data.map((d) => ({ name: d.name, value: d.value, code: d.code })) }],
      });
      chart.on("click", (p) => { if (p.data && p.data.code) window.location.href = regionUrl(p.data.code); });
      window.addEventListener("resize", () => chart.resize());
    });
})();
