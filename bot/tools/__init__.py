"""Tools that are not the product: benchmarks and the synthetic archives they measure."""
