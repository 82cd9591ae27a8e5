//! The SVG painter: one `<g>` per frame, object and arrow, each with ids a page can use.

use std::fmt::Write;

pub(crate) use crate::svg_num::esc;
pub(crate) use crate::svg_num::n;
use crate::svg_num::{push_esc, push_n};

use heapscope_trace::FreeCause;

use crate::boxes::{size_words, FOOT_FONT, FOOT_H, GHOST_TAG_H};
use crate::options::Theme;
use crate::scene::{
    Arrow, Cell, Content, FoldBox, FrameBox, Freed, Label, Mark, ObjectBox, Rect, Row, Scene,
    TextKind,
};

/// The font every painter uses (shipped with the crate for PNG; browsers fall back).
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans Mono, Menlo, Consolas, monospace";

/// Colours of one theme.
pub(crate) struct Palette {
    pub bg: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub frame_fill: &'static str,
    pub frame_header: &'static str,
    pub frame_stroke: &'static str,
    pub current: &'static str,
    pub current_header: &'static str,
    pub obj_fill: &'static str,
    pub imm_fill: &'static str,
    pub obj_stroke: &'static str,
    pub cell_fill: &'static str,
    pub cell_stroke: &'static str,
    pub arrow: &'static str,
    pub new: &'static str,
    pub mutated: &'static str,
    pub rebound_fill: &'static str,
    pub rebound: &'static str,
    pub error: &'static str,
}

pub(crate) fn palette(t: Theme) -> Palette {
    match t {
        Theme::Light => Palette {
            bg: "#ffffff",
            text: "#1f2328",
            muted: "#667085",
            frame_fill: "#f3f5f8",
            frame_header: "#e3e8ef",
            frame_stroke: "#98a2b3",
            current: "#2563eb",
            current_header: "#dbe7ff",
            obj_fill: "#fff8dc",
            imm_fill: "#eef0f4",
            obj_stroke: "#8d8466",
            cell_fill: "#ffffff",
            cell_stroke: "#c4c9d1",
            arrow: "#2f4f7f",
            new: "#2f9e44",
            mutated: "#f08c00",
            rebound_fill: "#ffec99",
            rebound: "#d9480f",
            error: "#c92a2a",
        },
        Theme::Dark => Palette {
            bg: "#1b1d23",
            text: "#e6e8ec",
            muted: "#9aa3b2",
            frame_fill: "#262a33",
            frame_header: "#313744",
            frame_stroke: "#5b6474",
            current: "#6ea8fe",
            current_header: "#223a66",
            obj_fill: "#35301f",
            imm_fill: "#2b2f38",
            obj_stroke: "#8a7f5c",
            cell_fill: "#1b1d23",
            cell_stroke: "#4a5160",
            arrow: "#9cc3ff",
            new: "#51cf66",
            mutated: "#ffa94d",
            rebound_fill: "#5c4a12",
            rebound: "#ff8a4c",
            error: "#ff6b6b",
        },
    }
}

/// The SVG of a scene, split so identical pieces can be shared between steps: the
/// opening (size, title, background), one string per element, and the closing tag.
pub(crate) struct SvgParts {
    pub head: String,
    pub items: Vec<String>,
}

/// Paints a scene as a standalone SVG document.
pub fn paint_svg(scene: &Scene) -> String {
    let parts = svg_parts(scene);
    let mut out = parts.head;
    out.push('\n');
    for it in parts.items {
        out.push_str(&it);
        if it.ends_with("</g>") || it.starts_with("<text") {
            out.push('\n');
        }
    }
    out.push_str("</svg>\n");
    out
}

pub(crate) fn svg_parts(s: &Scene) -> SvgParts {
    let p = palette(s.theme);
    let mut head = String::with_capacity(1024);
    let (w, h) = (n(s.width), n(s.height));
    let _ = write!(
        head,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="hs-title hs-desc" font-family="{FONT_FAMILY}" data-step="{}">"#,
        s.step
    );
    let _ = write!(
        head,
        r#"<title id="hs-title">{}</title><desc id="hs-desc">{}</desc>"#,
        esc(&s.title),
        esc(&s.desc)
    );
    let _ = write!(head, r#"<rect width="{w}" height="{h}" fill="{}"/>"#, p.bg);
    let items = scene_parts(s, &p)
        .into_iter()
        .map(|part| match part {
            Part::Whole(t) => t,
            Part::Elem(e) => e.text(&p, s.text_pointers),
            Part::Row { row, fill, .. } => object_row(row, fill, &p, s.text_pointers),
        })
        .collect();
    SvgParts { head, items }
}

/// A piece of a scene's SVG, in painting order: drawn where it stands, or an object's row
/// left for the caller to draw (the HTML player shares rows between places, see
/// [`row_at_origin`]; a standalone SVG draws them in place).
pub(crate) enum Part<'s> {
    /// Drawn text, in place.
    Whole(String),
    /// An element drawn in place, written only when asked ([`Elem::text`]): the player
    /// reuses what it drew at the step before for an element equal to the one there.
    Elem(Elem<'s>),
    /// Row `index` of object `obj`, and the fill of its cells.
    Row {
        obj: u32,
        index: usize,
        row: &'s Row,
        fill: &'static str,
    },
}

/// An element of a scene drawn in place, as the piece it is drawn as.
pub(crate) enum Elem<'s> {
    /// The "Frames" and "Objects" headings.
    Headings(&'s [Label]),
    /// Frame `i`'s opening tag.
    FrameOpen(usize, &'s FrameBox),
    /// Frame `i`'s box and header.
    FrameHead(usize, &'s FrameBox),
    /// Row `k` of frame `i`.
    FrameRow(usize, usize, &'s Row),
    /// An object's opening tag.
    ObjectOpen(&'s ObjectBox),
    /// An object's box without its rows.
    ObjectBody(&'s ObjectBox),
    /// The closing tag of a frame or an object.
    Close,
    /// Arrow `i`.
    Arrow(usize, &'s Arrow),
}

impl Elem<'_> {
    /// The element's SVG.
    pub(crate) fn text(&self, p: &Palette, tp: bool) -> String {
        match *self {
            Elem::Headings(h) => headings(h, p),
            Elem::FrameOpen(_, f) => frame_open(f),
            Elem::FrameHead(_, f) => frame_head(f, p),
            Elem::FrameRow(_, _, row) => frame_row(row, p, tp),
            Elem::ObjectOpen(o) => object_open(o),
            Elem::ObjectBody(o) => object_body(o, p),
            Elem::Close => "</g>".into(),
            Elem::Arrow(_, a) => arrow(a, p),
        }
    }
}

/// The headings over the frames and the objects.
fn headings(h: &[Label], p: &Palette) -> String {
    let mut hd = String::new();
    for l in h {
        let _ = write!(
            hd,
            r#"<text x="{}" y="{}" font-size="15" font-weight="bold" fill="{}">{}</text>"#,
            n(l.rect.x),
            n(l.rect.y + 14.0),
            p.text,
            esc(&l.text)
        );
    }
    hd
}

/// The pieces of a scene's SVG after its opening (see [`SvgParts`]), in painting order.
pub(crate) fn scene_parts<'s>(s: &'s Scene, p: &Palette) -> Vec<Part<'s>> {
    let mut items: Vec<Part<'s>> =
        Vec::with_capacity(s.frames.len() + s.objects.len() + s.arrows.len() + 2);
    items.push(Part::Elem(Elem::Headings(&s.headings)));
    for (i, f) in s.frames.iter().enumerate() {
        items.push(Part::Elem(Elem::FrameOpen(i, f)));
        items.push(Part::Elem(Elem::FrameHead(i, f)));
        for (k, row) in f.rows.iter().enumerate() {
            items.push(Part::Elem(Elem::FrameRow(i, k, row)));
        }
        items.push(Part::Elem(Elem::Close));
    }
    for f in &s.folds {
        items.push(Part::Whole(fold(f, p)));
    }
    if let Some(b) = &s.banner {
        let mut out = String::from(r#"<g class="exception" role="alert">"#);
        rect(&mut out, &b.rect, p.bg, p.error, 2.0, r#" rx="3""#);
        for (i, line) in b.lines.iter().enumerate() {
            text(
                &mut out,
                b.rect.x + 6.0,
                b.rect.y + 16.0 + 15.0 * i as f32,
                12.0,
                p.error,
                "start",
                "",
                line,
            );
        }
        out.push_str("</g>");
        items.push(Part::Whole(out));
    }
    for f in &s.freed {
        if let Some(g) = &f.ghost {
            items.push(Part::Whole(ghost(f, g, p, s.text_pointers)));
        }
    }
    for o in &s.objects {
        items.push(Part::Elem(Elem::ObjectOpen(o)));
        items.push(Part::Elem(Elem::ObjectBody(o)));
        let fill = row_fill(o, p);
        for (index, row) in o.rows.iter().enumerate() {
            items.push(Part::Row {
                obj: o.id,
                index,
                row,
                fill,
            });
        }
        items.push(Part::Elem(Elem::Close));
    }
    for (i, a) in s.arrows.iter().enumerate() {
        items.push(Part::Elem(Elem::Arrow(i, a)));
    }
    items
}

// Every argument is one SVG attribute; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    x: f32,
    y: f32,
    size: f32,
    fill: &str,
    anchor: &str,
    extra: &str,
    t: &str,
) {
    out.push_str(r#"<text x=""#);
    push_n(out, x);
    out.push_str(r#"" y=""#);
    push_n(out, y);
    out.push_str(r#"" font-size=""#);
    push_n(out, size);
    out.push_str(r#"" fill=""#);
    out.push_str(fill);
    out.push('"');
    if anchor != "start" {
        out.push_str(r#" text-anchor=""#);
        out.push_str(anchor);
        out.push('"');
    }
    out.push_str(extra);
    out.push('>');
    push_esc(out, t);
    out.push_str("</text>");
}

fn rect(out: &mut String, r: &Rect, fill: &str, stroke: &str, sw: f32, extra: &str) {
    out.push_str(r#"<rect x=""#);
    push_n(out, r.x);
    out.push_str(r#"" y=""#);
    push_n(out, r.y);
    out.push_str(r#"" width=""#);
    push_n(out, r.w);
    out.push_str(r#"" height=""#);
    push_n(out, r.h);
    out.push_str(r#"" fill=""#);
    out.push_str(fill);
    out.push_str(r#"" stroke=""#);
    out.push_str(stroke);
    out.push_str(r#"" stroke-width=""#);
    push_n(out, sw);
    out.push('"');
    out.push_str(extra);
    out.push_str("/>");
}

fn baseline(r: &Rect, size: f32) -> f32 {
    r.y + r.h / 2.0 + size * 0.36
}

/// Cell `c` drawn at `at` (its own, or moved: see [`row_at_origin`]).
fn cell(out: &mut String, c: &Cell, at: &Rect, p: &Palette, fill: &str, text_pointers: bool) {
    let (fill, stroke, sw) = match c.mark {
        Mark::Rebound => (p.rebound_fill, p.rebound, 1.5),
        Mark::Mutated => (fill, p.mutated, 2.5),
        Mark::New => (fill, p.new, 2.0),
        Mark::None => (fill, p.cell_stroke, 1.0),
    };
    let gap = matches!(c.content, Content::Gap { .. });
    rect(
        out,
        at,
        fill,
        stroke,
        sw,
        if gap {
            r#" stroke-dasharray="3 3""#
        } else {
            ""
        },
    );
    let (cx, _) = at.center();
    match &c.content {
        Content::Text { text: t, kind } => {
            let (fill, extra) = match kind {
                TextKind::Value => (p.text, ""),
                TextKind::Missing => (p.error, r#" font-style="italic""#),
                TextKind::Note => (p.muted, r#" font-style="italic""#),
            };
            text(
                out,
                at.x + 6.0,
                baseline(at, 13.0),
                13.0,
                fill,
                "start",
                extra,
                t,
            );
        }
        Content::Ref { to, text: t } => {
            // With arrows the arrow draws the dot; the text stays for text pointers.
            let _ = to;
            if text_pointers {
                text(out, cx, baseline(at, 13.0), 13.0, p.arrow, "middle", "", t);
            }
        }
        Content::Cut { to, .. } => {
            let _ = write!(
                out,
                "<g><title>#{to} is not drawn: the structure is too deep here</title>"
            );
            text(
                out,
                cx,
                baseline(at, 13.0),
                13.0,
                p.muted,
                "middle",
                "",
                "⋯",
            );
            out.push_str("</g>");
        }
        Content::Gap { text: t, .. } => {
            text(
                out,
                cx,
                baseline(at, 12.0),
                12.0,
                p.muted,
                "middle",
                r#" font-style="italic""#,
                t,
            );
        }
    }
}

/// A frame's opening tag (its pieces: this, [`frame_head`], one [`frame_row`] per row,
/// and `</g>`, so the HTML player stores a row once however many steps show it).
fn frame_open(f: &FrameBox) -> String {
    let mut out = String::with_capacity(96);
    let mut class = String::from("frame");
    if f.current {
        class.push_str(" current");
    }
    if f.exited {
        class.push_str(" exited");
    }
    let _ = write!(
        out,
        r#"<g id="frame-{}" class="{class}" data-frame="{}"{}>"#,
        f.id,
        f.id,
        if f.exited { r#" opacity="0.45""# } else { "" }
    );
    out
}

/// A frame's box and header: everything but its rows.
fn frame_head(f: &FrameBox, p: &Palette) -> String {
    let mut out = String::with_capacity(256);
    let (stroke, sw) = if f.current {
        (p.current, 2.0)
    } else if f.mark == Mark::New {
        (p.new, 2.0)
    } else {
        (p.frame_stroke, 1.0)
    };
    rect(&mut out, &f.rect, p.frame_fill, stroke, sw, r#" rx="3""#);
    let header_fill = if f.current {
        p.current_header
    } else {
        p.frame_header
    };
    let hr = Rect::new(
        f.header.x + sw / 2.0,
        f.header.y + sw / 2.0,
        f.header.w - sw,
        f.header.h - sw / 2.0,
    );
    rect(&mut out, &hr, header_fill, "none", 0.0, "");
    let weight = if f.current {
        r#" font-weight="bold""#
    } else {
        ""
    };
    text(
        &mut out,
        f.header.x + 8.0,
        baseline(&f.header, 13.0),
        13.0,
        p.text,
        "start",
        weight,
        &f.name,
    );
    let mut right = format!("line {}", f.line);
    if f.exited {
        right = "returned".into();
    }
    if let Some(tag) = &f.tag {
        right = format!("{tag} · {right}");
    }
    text(
        &mut out,
        f.header.right() - 8.0,
        baseline(&f.header, 11.0),
        11.0,
        p.muted,
        "end",
        "",
        &right,
    );
    out
}

/// One row of a frame: its name and value.
fn frame_row(row: &Row, p: &Palette, tp: bool) -> String {
    let mut out = String::with_capacity(192);
    if let Some(l) = &row.label {
        let italic = if l.text == "Return value" {
            r#" font-style="italic""#
        } else {
            ""
        };
        text(
            &mut out,
            l.rect.right(),
            baseline(&l.rect, 12.0),
            12.0,
            p.text,
            "end",
            italic,
            &l.text,
        );
    }
    cell(&mut out, &row.value, &row.value.rect, p, p.cell_fill, tp);
    out
}

fn fold(f: &FoldBox, p: &Palette) -> String {
    let mut out = String::new();
    let _ = write!(out, r#"<g class="fold" data-hidden="{}">"#, f.hidden);
    rect(
        &mut out,
        &f.rect,
        "none",
        p.frame_stroke,
        1.0,
        r#" stroke-dasharray="5 4" rx="3""#,
    );
    let (cx, _) = f.rect.center();
    text(
        &mut out,
        cx,
        baseline(&f.rect, 12.0),
        12.0,
        p.muted,
        "middle",
        r#" font-style="italic""#,
        &f.text,
    );
    out.push_str("</g>");
    out
}

fn object(o: &ObjectBox, p: &Palette, tp: bool) -> Vec<String> {
    let mut pieces = Vec::with_capacity(o.rows.len() + 3);
    pieces.push(object_open(o));
    pieces.push(object_body(o, p));
    let fill = row_fill(o, p);
    for row in &o.rows {
        pieces.push(object_row(row, fill, p, tp));
    }
    pieces.push("</g>".into());
    pieces
}

/// The opening tag of an object's group (its rows and closing tag follow).
fn object_open(o: &ObjectBox) -> String {
    format!(
        r#"<g id="obj-{}" class="obj {:?}" data-obj="{}">"#,
        o.id, o.kind, o.id
    )
}

/// The fill of an object's cells.
pub(crate) fn row_fill(o: &ObjectBox, p: &Palette) -> &'static str {
    if o.immutable {
        p.imm_fill
    } else {
        p.cell_fill
    }
}

/// An object's type label, id, size words, body and title: everything but its rows.
fn object_body(o: &ObjectBox, p: &Palette) -> String {
    let mut out = String::with_capacity(256);
    let label = match o.refs_text() {
        Some(r) => format!("{} · {r}", o.type_label),
        None => o.type_label.clone(),
    };
    text(
        &mut out,
        o.rect.x + 1.0,
        o.rect.y + 11.0,
        11.0,
        p.muted,
        "start",
        "",
        &label,
    );
    if let Some(words) = size_words(o) {
        text(
            &mut out,
            o.rect.x + 1.0,
            o.body.bottom() + FOOT_H - 3.0,
            FOOT_FONT,
            p.muted,
            "start",
            r#" class="size""#,
            &words,
        );
    }
    text(
        &mut out,
        o.rect.right() - 1.0,
        o.rect.y + 11.0,
        11.0,
        p.muted,
        "end",
        "",
        &format!("#{}", o.id),
    );
    let fill = if o.immutable { p.imm_fill } else { p.obj_fill };
    let (stroke, sw) = match o.mark {
        Mark::New => (p.new, 2.5),
        Mark::Mutated => (p.mutated, 2.0),
        _ => (p.obj_stroke, 1.0),
    };
    let dash = if o.immutable {
        r#" stroke-dasharray="5 3" rx="6""#
    } else {
        r#" rx="2""#
    };
    rect(&mut out, &o.body, fill, stroke, sw, dash);
    if let Some(t) = &o.title {
        let r = Rect::new(o.body.x + 6.0, o.body.y + 6.0, o.body.w - 12.0, 24.0);
        let muted = t == "empty";
        text(
            &mut out,
            r.x,
            baseline(&r, 13.0),
            13.0,
            if muted { p.muted } else { p.text },
            "start",
            if muted { r#" font-style="italic""# } else { "" },
            t,
        );
    }
    out
}

/// One row of an object: its label (name or index), key and value cells.
fn object_row(row: &Row, cell_fill: &str, p: &Palette, tp: bool) -> String {
    object_row_moved(row, (0.0, 0.0), cell_fill, p, tp)
}

/// One row of an object with every rectangle moved by minus `o` (subtracting 0 leaves a
/// coordinate as it is, to the bit).
fn object_row_moved(row: &Row, o: (f32, f32), cell_fill: &str, p: &Palette, tp: bool) -> String {
    let moved = |r: &Rect| Rect {
        x: r.x - o.0,
        y: r.y - o.1,
        ..*r
    };
    let mut out = String::with_capacity(192);
    if let Some(l) = &row.label {
        let lr = moved(&l.rect);
        if row.key.is_none() && lr.h < 20.0 {
            // A list index, above its cell.
            let (cx, _) = lr.center();
            text(
                &mut out,
                cx,
                lr.bottom() - 3.0,
                10.0,
                p.muted,
                "middle",
                "",
                &l.text,
            );
        } else {
            text(
                &mut out,
                lr.right(),
                baseline(&lr, 12.0),
                12.0,
                p.text,
                "end",
                "",
                &l.text,
            );
        }
    }
    if let Some(k) = &row.key {
        cell(&mut out, k, &moved(&k.rect), p, cell_fill, tp);
    }
    cell(
        &mut out,
        &row.value,
        &moved(&row.value.rect),
        p,
        cell_fill,
        tp,
    );
    out
}

/// One row of an object drawn with its value cell's corner at the origin, and where that
/// corner is (to 0.1 px): the player puts it there with a `translate`. The same row at
/// another place is then the same text, so a long list whose last items shift at every
/// step (the layout shows its first and last items) shares one piece per item instead
/// of making a new piece per item and step.
pub(crate) fn row_at_origin(
    row: &Row,
    cell_fill: &str,
    p: &Palette,
    tp: bool,
) -> (String, f32, f32) {
    let (ox, oy) = row_origin(row);
    (object_row_moved(row, (ox, oy), cell_fill, p, tp), ox, oy)
}

/// Where [`row_at_origin`] puts a row's origin: its value cell's corner, to 0.1 px.
pub(crate) fn row_origin(row: &Row) -> (f32, f32) {
    (
        (row.value.rect.x * 10.0).round() / 10.0,
        (row.value.rect.y * 10.0).round() / 10.0,
    )
}

/// A freed object's box where it was at the previous step, faded, with a tag saying it
/// was freed (and by the collector when it was).
fn ghost(f: &Freed, g: &ObjectBox, p: &Palette, tp: bool) -> String {
    let mut out = String::with_capacity(512);
    let collector = f.cause == FreeCause::Collector;
    let _ = write!(
        out,
        r#"<g id="freed-{}" class="freed" data-obj="{}" data-cause="{}"><title>#{} {} was freed: {}</title><g opacity="0.35">"#,
        f.id,
        f.id,
        if collector {
            "collector"
        } else {
            "last-reference"
        },
        f.id,
        esc(&f.type_label),
        f.cause.describe()
    );
    // The box as it was, without its id (the live object of that id is gone).
    let pieces = object(g, p, tp);
    for piece in &pieces[1..pieces.len() - 1] {
        out.push_str(piece);
    }
    out.push_str("</g>");
    let tag = if collector {
        "freed: collector"
    } else {
        "freed"
    };
    let w = crate::boxes::text_width(tag, 10.0) + 10.0;
    // Under the box, in the gap before the next row, so it hides nothing of the ghost.
    let r = Rect::new(g.body.x, g.body.bottom() + 3.0, w, GHOST_TAG_H - 3.0);
    rect(&mut out, &r, p.bg, p.error, 1.0, r#" rx="7""#);
    let (cx, _) = r.center();
    text(
        &mut out,
        cx,
        baseline(&r, 10.0),
        10.0,
        p.error,
        "middle",
        "",
        tag,
    );
    out.push_str("</g>");
    out
}

/// An SVG path through `pts` with rounded corners.
pub(crate) fn rounded_path(pts: &[(f32, f32)], radius: f32) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = pts.first() else {
        return d;
    };
    let _ = write!(d, "M{} {}", n(x0), n(y0));
    for i in 1..pts.len() {
        let (x, y) = pts[i];
        if i + 1 < pts.len() {
            let (px, py) = pts[i - 1];
            let (nx, ny) = pts[i + 1];
            let lin = ((x - px).powi(2) + (y - py).powi(2)).sqrt();
            let lout = ((nx - x).powi(2) + (ny - y).powi(2)).sqrt();
            let r = radius.min(lin / 2.0).min(lout / 2.0);
            if r > 0.5 && lin > 0.0 && lout > 0.0 {
                let (ax, ay) = (x - (x - px) / lin * r, y - (y - py) / lin * r);
                let (bx, by) = (x + (nx - x) / lout * r, y + (ny - y) / lout * r);
                let _ = write!(
                    d,
                    "L{} {}Q{} {} {} {}",
                    n(ax),
                    n(ay),
                    n(x),
                    n(y),
                    n(bx),
                    n(by)
                );
                continue;
            }
        }
        let _ = write!(d, "L{} {}", n(x), n(y));
    }
    d
}

fn arrow(a: &Arrow, p: &Palette) -> String {
    let mut out = String::with_capacity(300);
    let (color, sw) = match a.mark {
        Mark::Rebound => (p.rebound, 2.2),
        Mark::Mutated => (p.mutated, 2.2),
        _ => (p.arrow, 1.4),
    };
    let _ = write!(
        out,
        r#"<g id="{}" class="ref" data-from="{}" data-row="{}" data-to="obj-{}">"#,
        a.id, a.from, a.from_row, a.to
    );
    // A path needs two points; a degenerate one draws only its dot.
    if let [(x0, y0), .., (x1, y1)] = *a.points.as_slice() {
        let _ = write!(
            out,
            r#"<circle cx="{}" cy="{}" r="3.2" fill="{color}"/>"#,
            n(x0),
            n(y0)
        );
        // Stop the line at the arrowhead's base.
        let mut pts = a.points.clone();
        let (px, py) = pts[pts.len() - 2];
        let len = ((x1 - px).powi(2) + (y1 - py).powi(2)).sqrt().max(0.001);
        let (ux, uy) = ((x1 - px) / len, (y1 - py) / len);
        let head = 8.0_f32.min(len);
        let last = pts.len() - 1;
        pts[last] = (x1 - ux * head * 0.8, y1 - uy * head * 0.8);
        let _ = write!(
            out,
            r#"<path d="{}" fill="none" stroke="{color}" stroke-width="{}" stroke-linejoin="round"/>"#,
            rounded_path(&pts, 7.0),
            n(sw)
        );
        let (bx, by) = (x1 - ux * head, y1 - uy * head);
        let (wx, wy) = (-uy * 4.0, ux * 4.0);
        let _ = write!(
            out,
            r#"<path d="M{} {}L{} {}L{} {}Z" fill="{color}"/>"#,
            n(x1),
            n(y1),
            n(bx + wx),
            n(by + wy),
            n(bx - wx),
            n(by - wy)
        );
    }
    out.push_str("</g>");
    out
}
