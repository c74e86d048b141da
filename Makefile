# Convenience targets; the README's commands call the scripts directly.
.PHONY: lab test setup catalog clean proofs bench

lab:
	bash scripts/lab.sh

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

# The proof suite alone (its deterministic parts also run in `make test`), and the benchmarks (docs/benchmarks.md).
proofs:
	bash scripts/proofs.sh

bench:
	bash scripts/setup.sh && .venv/bin/python scripts/bench.py

# Regenerate plugins/module_utils/policy/stig_catalog.py from the DISA XCCDF files.
catalog:
	python3 scripts/extract_stig_catalog.py tests/fixtures/stig

clean:
	rm -rf .build tests/output
