"""What the service stores: conversations and feedback, in one database behind small interfaces."""
