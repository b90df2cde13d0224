// The region maps: a province's cities or a city's counties (the shapes of build/static/maps), coloured by one
// measure of the child regions; a click opens the child region's page. One script for every map of the site: the
// home page draws its registered people (an element with data-region-map naming the measure's JSON), the dashboard
// draws five measures and switches between them (`regionMap.draw(...).then(({ show }) => show(other))`).
//
// The element carries data-map-url (the shapes), data-region (the region whose children are drawn) and
// data-region-url (a child's page, its last segment replaced by the child's code). A measure is
// { label, unit, decimals, palette, min (0 for a count; else the lowest figure), legend (["多", "少"]),
// data: [{ code, name, value, text }] }; `value` null is "no figure" (grey).
window.regionMap = (function () {
  const PALETTES = {
    people: ["#fde0dd", "#fa9fb5", "#c51b8a"],
    bad: ["#fff5eb", "#fd8d3c", "#a63603"], // a high figure is bad news: unemployment, warnings, households
    good: ["#f7fcf5", "#74c476", "#00441b"], // a high figure is good news: jobs against their target
    neutral: ["#f7fbff", "#6baed6", "#08306b"],
  };
  const NO_FIGURE = "#eceff1";
  const shapes = {};

  function loadShapes(url) {
    shapes[url] = shapes[url] || fetch(url).then((response) => response.json());
    return shapes[url];
  }

  function registered(element, measure, geo) {
    const region = element.dataset.region;
    const name = "region-" + region;
    if (!echarts.getMap(name)) {
      // The county file covers the province: keep the children of this region only, named as the reference
      // data names them, so that shapes and figures join on the region code.
      const names = Object.fromEntries(measure.data.map((d) => [d.code, d.name]));
      const features = geo.features
        .filter((f) => String(f.properties.code).startsWith(region))
        .map((f) => ({ ...f, properties: { ...f.properties, name: names[f.properties.code] || f.properties.name } }));
      echarts.registerMap(name, { type: "FeatureCollection", features: features });
    }
    return name;
  }

  function formatted(measure, value) {
    if (value === null || value === undefined) return "无数据";
    const digits = measure.decimals || 0;
    return value.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits }) + (measure.unit || "");
  }

  function option(mapName, measure, settings) {
    const values = measure.data.map((d) => d.value).filter((v) => v !== null && v !== undefined);
    const lowest = values.length ? Math.min(...values) : 0;
    const low = measure.min === undefined || measure.min === null ? lowest : Math.min(measure.min, lowest);
    const high = values.length ? Math.max(...values) : 1;
    return {
      animation: !settings.still,
      tooltip: { trigger: "item", confine: true,
                 formatter: (p) => `${p.name}<br>${measure.label}：${p.data ? p.data.text || formatted(measure, p.data.value) : "无数据"}` },
      toolbox: settings.fileName ? { right: 8, top: 4, feature: { saveAsImage: { title: "保存为图片", pixelRatio: 2,
               name: `${settings.fileName}_${measure.label}` } } } : undefined,
      visualMap: { min: low, max: high > low ? high : low + 1, left: "left", bottom: 10, calculable: true,
                   precision: measure.decimals || 0, text: measure.legend || ["高", "低"],
                   inRange: { color: PALETTES[measure.palette] || PALETTES.neutral } },
      series: [{ type: "map", map: mapName, nameProperty: "name", roam: !settings.still,
                 label: { show: true, fontSize: 10 }, itemStyle: { areaColor: NO_FIGURE, borderColor: "#fff" },
                 data: measure.data.map((d) => ({ name: d.name, value: d.value === null ? NaN : d.value,
                                                   code: d.code, text: d.text })) }],
    };
  }

  // Draw `measure` in `element`; settings: { renderer: "svg", still: true (no animation, no zoom: printing),
  // fileName (offers "保存为图片") }. Resolves to { chart, show(measure) }.
  function draw(element, measure, settings = {}) {
    return loadShapes(element.dataset.mapUrl).then((geo) => {
      const mapName = registered(element, measure, geo);
      const chart = echarts.init(element, null, { renderer: settings.renderer || "canvas" });
      const childUrl = (code) => element.dataset.regionUrl.replace(/[^/]+\/$/, code + "/");
      chart.on("click", (p) => { if (p.data && p.data.code) window.location.href = childUrl(p.data.code); });
      window.addEventListener("resize", () => chart.resize());
      const show = (shown) => chart.setOption(option(mapName, shown, settings), { replaceMerge: ["series", "visualMap", "toolbox"] });
      show(measure);
      return { chart, show };
    });
  }

  return { draw };
})();

(function () {
  if (!window.echarts) return;
  document.querySelectorAll("[data-region-map]").forEach((element) => {
    window.regionMap.draw(element, JSON.parse(document.getElementById(element.dataset.regionMap).textContent));
  });
})();
