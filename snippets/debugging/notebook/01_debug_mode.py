import asyncio
import warnings

# Show every never-awaited warning, not only the first one per line
warnings.simplefilter("always", RuntimeWarning)

# The notebook already runs an event loop: switch on its debug mode
loop = asyncio.get_running_loop()
loop.set_debug(True)
print("asyncio debug mode:", loop.get_debug())
