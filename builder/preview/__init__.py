"""`coursebuild preview`: the course's player served on 127.0.0.1 inside a page that acts as an LMS.

build.py turns the course folder into the player's files in memory, server.py serves them with the
preview page, watcher.py notices source changes so that the page can reload itself.
"""
