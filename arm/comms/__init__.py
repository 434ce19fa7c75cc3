"""The communications plan (CommsItem): audiences, channels, messages, crisis communications."""
