//! A picture of the map for pages read without JavaScript: the street
//! basemap's tiles (when one is installed), town labels in the reader's
//! language and the view's markers, drawn as SVG here and rendered to PNG
//! by resvg. Markers are the public directory's, so the picture shows no
//! place more precisely than the map does.

use super::mvt::{self, Tile};
use super::{Basemap, TileAnswer};
use app::location::{to_pixels, LatLon};
use std::fmt::Write;
use std::sync::Arc;

/// What the picture shows.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub centre: LatLon,
    pub zoom: u8,
    pub width: u32,
    pub height: u32,
}

/// A marker: one listing (a dot in its kind's colour) or a group of them.
#[derive(Clone, Debug)]
pub struct Pin {
    pub point: LatLon,
    pub colour: String,
    /// More than one listing here.
    pub count: Option<usize>,
}

/// The point a form holds (a moderator checking a submission): drawn as
/// a ring, above the markers.
pub type Ring = Option<LatLon>;

/// A place name drawn on the picture.
#[derive(Clone, Debug)]
pub struct Label {
    pub point: LatLon,
    pub text: String,
}

/// The font every label is drawn with. resvg draws no text at all when the
/// family asked for is missing, so `sans-serif` is mapped to this file.
/// DejaVu Sans covers Latin, Arabic and Persian letters.
pub const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Loads the font once; labels are left out (and the operator told) if the
/// file is missing.
pub fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    match std::fs::read(FONT) {
        Ok(data) => {
            db.load_font_data(data);
            db.set_sans_serif_family("DejaVu Sans");
        }
        Err(e) => {
            tracing::warn!("map pictures will have no labels: cannot read the font {FONT} ({e}); scripts/setup installs fonts-dejavu-core")
        }
    }
    Arc::new(db)
}

impl View {
    /// The top-left corner in world pixels at this zoom.
    fn origin(&self) -> (f64, f64) {
        let (cx, cy) = to_pixels(self.centre.lat, self.centre.lon, world(self.zoom));
        (cx - f64::from(self.width) / 2.0, cy - f64::from(self.height) / 2.0)
    }

    /// A point's place on the picture.
    fn place(&self, p: LatLon) -> (f64, f64) {
        let (x, y) = to_pixels(p.lat, p.lon, world(self.zoom));
        let (ox, oy) = self.origin();
        (x - ox, y - oy)
    }

    /// West, south, east, north of what the picture shows.
    pub fn bounds(&self) -> [f64; 4] {
        let (ox, oy) = self.origin();
        let w = world(self.zoom);
        let south_west = app::location::from_pixels(ox, oy + f64::from(self.height), w);
        let north_east = app::location::from_pixels(ox + f64::from(self.width), oy, w);
        [south_west.lon, south_west.lat, north_east.lon, north_east.lat]
    }
}

fn world(zoom: u8) -> f64 {
    256.0 * f64::from(1u32 << zoom.min(22))
}

/// The basemap's tiles under the view: at the view's zoom, or the
/// archive's deepest, drawn larger. At most a 4×4 block.
pub async fn tiles_for(basemap: &Basemap, view: &View) -> Vec<((u8, u32, u32), Tile)> {
    let data_zoom = view.zoom.min(basemap.max_zoom).max(basemap.min_zoom);
    let size = 256.0 * f64::from(1u32 << (view.zoom.saturating_sub(data_zoom)));
    let (ox, oy) = view.origin();
    let span = |from: f64, length: u32| {
        let first = (from / size).floor().max(0.0) as u32;
        let last = ((from + f64::from(length)) / size).floor().max(0.0) as u32;
        first..=last.min(first + 3)
    };
    let limit = (1u32 << data_zoom) - 1;
    let mut out = Vec::new();
    for x in span(ox, view.width).filter(|x| *x <= limit) {
        for y in span(oy, view.height).filter(|y| *y <= limit) {
            if let Ok(TileAnswer::Tile(bytes)) = basemap.tile(data_zoom, x, y, true).await {
                if let Ok(tile) = mvt::decode(&bytes) {
                    out.push(((data_zoom, x, y), tile));
                }
            }
        }
    }
    out
}

/// How a layer's feature is drawn: fill, or stroke colour and width.
fn style(layer: &str, kind: Option<&str>, zoom: u8) -> Option<(&'static str, Option<f64>)> {
    let wide = if zoom >= 15 { 1.6 } else { 1.0 };
    Some(match (layer, kind) {
        ("earth", _) => ("#f2efe9", None),
        ("water", _) => ("#aad3df", None),
        ("landuse", Some("park" | "grass" | "garden" | "cemetery" | "forest" | "wood" | "nature_reserve" | "recreation_ground")) => {
            ("#cdebb0", None)
        }
        ("landuse", Some("pedestrian" | "platform")) => ("#eae7e2", None),
        ("roads", Some("highway")) => ("#f9b29c", Some(4.0 * wide)),
        ("roads", Some("major_road")) => ("#ffffff", Some(3.2 * wide)),
        ("roads", Some("minor_road")) => ("#ffffff", Some(1.8 * wide)),
        ("roads", Some("rail")) => ("#9a9a9a", Some(1.0)),
        ("roads", Some("path")) if zoom >= 14 => ("#e0d8cc", Some(0.8)),
        _ => return None,
    })
}

const DRAW_ORDER: [&str; 4] = ["earth", "landuse", "water", "roads"];

fn escape(text: &str) -> String {
    html_escape::encode_text(text).replace('"', "&quot;")
}

/// The offline outline of the land (`land-overview.svg`, built by
/// scripts/basemap.mjs): Web Mercator between these corners, west, south,
/// east, north, as the map script lays it.
pub const OUTLINE_BOX: [f64; 4] = [-11.0, 49.0, 2.0, 61.0];

/// The inside of the outline's SVG file and its view box, if it reads.
pub fn outline(file_text: &str) -> Option<(String, String)> {
    let view_box = file_text.split("viewBox=\"").nth(1)?.split('"').next()?.to_string();
    let inner = file_text.split_once('>')?.1.rsplit_once("</svg>")?.0.to_string();
    Some((view_box, inner))
}

/// The picture as SVG. `land` is the offline outline, drawn when there
/// are no street tiles.
pub fn svg(
    view: &View,
    tiles: &[((u8, u32, u32), Tile)],
    land: Option<&(String, String)>,
    labels: &[Label],
    pins: &[Pin],
    ring: Ring,
    credit: &str,
) -> String {
    let (w, h) = (view.width, view.height);
    // Past zoom 6 the outline's 1:50m coast is too coarse to tell a
    // coast from a street, and costs more to draw than it tells.
    let land = land.filter(|_| tiles.is_empty() && view.zoom <= 6);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        if land.is_none() && tiles.is_empty() { "#f2efe9" } else { "#aad3df" }
    );
    if let Some((view_box, inner)) = land {
        let [west, south, east, north] = OUTLINE_BOX;
        let (x0, y0) = view.place(LatLon::new(north, west));
        let (x1, y1) = view.place(LatLon::new(south, east));
        let _ = write!(
            out,
            "<svg x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" viewBox=\"{}\" preserveAspectRatio=\"none\">{inner}</svg>",
            x1 - x0,
            y1 - y0,
            escape(view_box)
        );
    }
    let (ox, oy) = view.origin();
    for layer_name in DRAW_ORDER {
        for ((z, x, y), tile) in tiles {
            let size = 256.0 * f64::from(1u32 << view.zoom.saturating_sub(*z));
            let Some(layer) = tile.layers.iter().find(|l| l.name == layer_name) else { continue };
            let scale = size / f64::from(layer.extent.unwrap_or(4096).max(1));
            let (tx, ty) = (f64::from(*x) * size - ox, f64::from(*y) * size - oy);
            for feature in &layer.features {
                let Some((colour, stroke)) = style(layer_name, mvt::value_of(layer, feature, "kind"), view.zoom) else { continue };
                let mut d = String::new();
                for line in mvt::geometry(feature) {
                    for (i, (gx, gy)) in line.iter().enumerate() {
                        let _ = write!(
                            d,
                            "{}{:.1} {:.1}",
                            if i == 0 { 'M' } else { 'L' },
                            tx + f64::from(*gx) * scale,
                            ty + f64::from(*gy) * scale
                        );
                    }
                }
                if d.is_empty() {
                    continue;
                }
                let _ = match (feature.r#type, stroke) {
                    (Some(3), None) => write!(out, "<path d=\"{d}\" fill=\"{colour}\" fill-rule=\"evenodd\"/>"),
                    (Some(2), Some(width)) => write!(
                        out,
                        "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
                    ),
                    _ => Ok(()),
                };
            }
        }
    }
    // Labels above their point, the more important first; one that would
    // cover another is left out (as the map does).
    let mut placed: Vec<[f64; 4]> = Vec::new();
    for label in labels {
        let (x, y) = view.place(label.point);
        let half = label.text.chars().count() as f64 * 3.8 + 2.0;
        // Beside the point, as the map draws them: listings shown by town
        // share the town's point, and their group's circle sits on it.
        let bbox = [x + 16.0, y - 9.0, x + 20.0 + 2.0 * half, y + 9.0];
        let overlaps = placed.iter().any(|b| bbox[0] < b[2] && b[0] < bbox[2] && bbox[1] < b[3] && b[1] < bbox[3]);
        if (0.0..f64::from(w)).contains(&x) && (0.0..f64::from(h)).contains(&y) && !overlaps {
            placed.push(bbox);
            let (x, y) = (x + 18.0, y + 4.5);
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"13\" text-anchor=\"start\" fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                escape(&label.text)
            );
        }
    }
    for pin in pins {
        let (x, y) = view.place(pin.point);
        let colour = if pin.colour.starts_with('#') && pin.colour.len() <= 7 && pin.colour[1..].chars().all(|c| c.is_ascii_hexdigit()) {
            pin.colour.as_str()
        } else {
            "#555555"
        };
        let _ = match pin.count {
            Some(n) => write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"16\" fill=\"#1b1b1f\"/>\
                 <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"15\" fill=\"#9d2235\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"2\"/>\
                 <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#fff\">{n}</text>",
                y + 4.0
            ),
            None => write!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"2\"/>"),
        };
    }
    if let Some(point) = ring {
        let (x, y) = view.place(point);
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"11\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\"/>\
             <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"11\" fill=\"none\" stroke=\"#b00020\" stroke-width=\"3\"/>\
             <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#b00020\"/>"
        );
    }
    if !credit.is_empty() {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#fff\" fill-opacity=\"0.8\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            f64::from(w) - 190.0,
            f64::from(h) - 16.0,
            190,
            f64::from(w) - 4.0,
            f64::from(h) - 4.0,
            escape(credit)
        );
    }
    out.push_str("</svg>");
    out
}

/// Renders SVG to PNG.
pub fn png(svg: &str, fonts: Arc<resvg::usvg::fontdb::Database>) -> Result<Vec<u8>, String> {
    let options = resvg::usvg::Options { fontdb: fonts, ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the picture has no size")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> View {
        View { centre: LatLon::new(53.38, -1.47), zoom: 12, width: 320, height: 200 }
    }

    #[test]
    fn labels_and_markers_land_where_the_map_puts_them() {
        let v = view();
        let (x, y) = v.place(v.centre);
        assert!((x - 160.0).abs() < 1e-6 && (y - 100.0).abs() < 1e-6);
        let [w, s, e, n] = v.bounds();
        assert!(w < -1.47 && e > -1.47 && s < 53.38 && n > 53.38);
    }

    #[test]
    fn a_picture_with_arabic_labels_and_markers_renders() {
        let v = view();
        let labels = [Label { point: v.centre, text: "شفيلد <Sheffield>".into() }];
        let pins = [
            Pin { point: LatLon::new(53.39, -1.46), colour: "#c0392b".into(), count: None },
            Pin { point: LatLon::new(53.37, -1.48), colour: "\"/><script>".into(), count: Some(3) },
        ];
        let svg = svg(&v, &[], None, &labels, &pins, Some(v.centre), "© OpenStreetMap contributors");
        assert!(svg.contains("&lt;Sheffield&gt;") && !svg.contains("<script>"), "{svg}");
        let png = png(&svg, fonts()).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
