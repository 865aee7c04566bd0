results = await fetch_lab_results("pt-0001")  # the fix: await it
print(results)

loop.set_debug(False)  # leave the notebook's loop as we found it
