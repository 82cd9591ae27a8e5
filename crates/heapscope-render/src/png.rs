//! The PNG painter: the SVG, rasterised by resvg with the fonts shipped in this crate, so
//! the same scene gives the same pixels on every machine.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::error::{Error, Result};
use crate::scene::Scene;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansMono-Bold.ttf");

/// Largest picture side in pixels: bigger scenes are refused rather than eating memory.
const MAX_SIDE: f32 = 16_384.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_monospace_family("DejaVu Sans Mono");
        db.set_sans_serif_family("DejaVu Sans Mono");
        db.set_serif_family("DejaVu Sans Mono");
        Arc::new(db)
    })
    .clone()
}

/// Paints a scene as PNG bytes, `scale` pixels per picture unit (2.0 for sharp screenshots).
/// A picture that would exceed 16,384 pixels on a side is scaled down to fit.
pub fn paint_png(scene: &Scene, scale: f32) -> Result<Vec<u8>> {
    svg_to_png(&crate::svg::paint_svg(scene), scale)
}

/// Rasterises SVG text made by [`crate::paint_svg`].
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    if !(scale > 0.0 && scale.is_finite()) {
        return Err(Error::Png(format!("bad scale {scale}")));
    }
    let opt = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans Mono".into(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| Error::Svg(e.to_string()))?;
    let size = tree.size();
    let side = size.width().max(size.height());
    let scale = scale.min(MAX_SIDE / side.max(1.0));
    let (w, h) = (size.width() * scale, size.height() * scale);
    let mut pixmap = tiny_skia::Pixmap::new(w.ceil() as u32, h.ceil() as u32)
        .ok_or_else(|| Error::Png("empty picture".into()))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| Error::Png(e.to_string()))
}
