//! Paints the hand-made traces; set HEAPSCOPE_PICTURES=dir to keep the files and look.

mod common;

use common::*;
use heapscope_render::*;

fn out_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("HEAPSCOPE_PICTURES").map(Into::into)
}

#[test]
fn png_paints_every_step_of_the_alias_trace() {
    let trace = alias_trace();
    for theme in [Theme::Light, Theme::Dark] {
        let o = RenderOptions {
            theme,
            ..Default::default()
        };
        StableLayout::new(&trace, &o)
            .unwrap()
            .for_each_scene(|s| {
                let png = paint_png(&s, 1.5)?;
                assert!(png.starts_with(b"\x89PNG"));
                if let Some(dir) = out_dir() {
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join(format!("alias-{theme:?}-{}.png", s.step)), png)
                        .unwrap();
                    std::fs::write(
                        dir.join(format!("alias-{theme:?}-{}.svg", s.step)),
                        paint_svg(&s),
                    )
                    .unwrap();
                }
                Ok(())
            })
            .unwrap();
    }
}
