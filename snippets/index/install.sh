pip install asyncproof
