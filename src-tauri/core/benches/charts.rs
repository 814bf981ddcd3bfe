//! How long each Trends chart takes to draw over ten years of demo data, and to turn into a PNG.
//! Run with `cargo bench -p mooring-core`.

use criterion::{criterion_group, criterion_main, Criterion};
use mooring_core::{charts, ChartName, FixedClock, Range, Store, Theme};

fn ten_years(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(
        dir.path(),
        &mooring_core::Access::with_credentials(&mooring_core::MemoryCredentials::default()),
        &mooring_core::SystemClock,
    )
    .unwrap();
    let clock = FixedClock::parse("2026-11-23T10:00:00+01:00").unwrap();
    store.generate_demo_data(10, 7, &clock).unwrap();

    let mut group = c.benchmark_group("ten years of demo data, range all");
    group.sample_size(20);
    group.bench_function("trends (the data behind every chart)", |b| {
        b.iter(|| store.trends(Range::All, &clock).unwrap())
    });
    let trends = store.trends(Range::All, &clock).unwrap();
    for name in ChartName::ALL {
        group.bench_function(format!("{name} to SVG"), |b| {
            b.iter(|| charts::chart(*name, &trends, Theme::Light).unwrap())
        });
    }
    // What the Trends screen costs: the data, then all four charts.
    group.bench_function("trends and all four SVGs", |b| {
        b.iter(|| {
            let trends = store.trends(Range::All, &clock).unwrap();
            for name in ChartName::ALL {
                charts::chart(*name, &trends, Theme::Light).unwrap();
            }
        })
    });
    let svg = charts::chart(ChartName::ContactsCaseload, &trends, Theme::Light)
        .unwrap()
        .svg
        .unwrap();
    group.bench_function("contacts-caseload SVG to PNG", |b| {
        b.iter(|| charts::png(&svg).unwrap())
    });
    group.finish();
}

criterion_group!(benches, ten_years);
criterion_main!(benches);
