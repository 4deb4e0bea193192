"""The demo tenant and the benchmark tenants, built through the apps' own code."""
