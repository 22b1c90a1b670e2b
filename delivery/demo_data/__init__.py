"""
The demo's indicator data (issue 8): files in the layout of OHID Fingertips exports, for Thurrock (with the
East of England and England) and Leicestershire (with the East Midlands and England), made by
`generate.py`, and the indicators the demo adds to each board's strategy before importing them
(`indicators.py`, called by delivery.demo). Demo values, not real statistics.
"""
