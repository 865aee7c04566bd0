pip install "asyncproof[migrate]" pytest-mock
