pip install asyncproof pytest-mock
