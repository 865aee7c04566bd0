import logging

logging.basicConfig(level=logging.DEBUG)
logging.getLogger("asyncio").setLevel(logging.DEBUG)

print(logging.getLogger("asyncio").getEffectiveLevel() == logging.DEBUG)
#> True
