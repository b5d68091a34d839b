print("berth: not yet")
