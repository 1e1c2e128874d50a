// A Lambert conformal conic projection of Norway (standard parallels 60° and 70° N, centred on
// 15° E), fitted into a box, and SVG paths of GeoJSON multipolygons. Small enough to need no
// mapping library.
type Ring = number[][];
export type MultiPolygon = Ring[][];

const RAD = Math.PI / 180;
const PHI1 = 60 * RAD;
const PHI2 = 70 * RAD;
const LAMBDA0 = 15 * RAD;
const N = Math.log(Math.cos(PHI1) / Math.cos(PHI2)) / Math.log(Math.tan(Math.PI / 4 + PHI2 / 2) / Math.tan(Math.PI / 4 + PHI1 / 2));
const F = (Math.cos(PHI1) * Math.tan(Math.PI / 4 + PHI1 / 2) ** N) / N;

/** lcc projects longitude and latitude (degrees) to plane coordinates, north up. */
export function lcc(lon: number, lat: number): [number, number] {
  const rho = F / Math.tan(Math.PI / 4 + (lat * RAD) / 2) ** N;
  const theta = N * (lon * RAD - LAMBDA0);
  return [rho * Math.sin(theta), -rho * Math.cos(theta)];
}

/** fitPaths projects the shapes into a width × height box (keeping proportions) and gives one SVG path each. */
export function fitPaths(shapes: MultiPolygon[], width: number, height: number, pad = 4): { paths: string[]; width: number; height: number } {
  const projected = shapes.map((mp) => mp.map((poly) => poly.map((ring) => ring.map(([lon, lat]) => lcc(lon!, lat!)))));
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const mp of projected) for (const poly of mp) for (const ring of poly) for (const [x, y] of ring) {
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  const k = Math.min((width - 2 * pad) / (x1 - x0), (height - 2 * pad) / (y1 - y0));
  const w = Math.ceil((x1 - x0) * k + 2 * pad);
  const h = Math.ceil((y1 - y0) * k + 2 * pad);
  const px = (x: number) => ((x - x0) * k + pad).toFixed(1);
  const py = (y: number) => ((y1 - y) * k + pad).toFixed(1); // north up
  const paths = projected.map((mp) => mp.map((poly) => poly.map((ring) => `M${ring.map(([x, y]) => `${px(x)},${py(y)}`).join('L')}Z`).join('')).join(''));
  return { paths, width: w, height: h };
}
