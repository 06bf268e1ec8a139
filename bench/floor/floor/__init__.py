"""The floor: the least a Django page listing positions can cost on this machine.

A project of its own (no sessions, no authentication, no tenancy, no translations) reading
the portal's own tables, unmanaged. What the portal's pages cost above it is what the
portal adds; the load benchmark prints every page's throughput as a share of this one's.
"""
