package com.example.research;

import io.nnlab.nn.Registry;

/** What a research project runs once per JVM before saving or loading models with its own parts. */
final class UserCode {
    private UserCode() {}

    static void register() {
        Registry.registerLayer("Scale", Scale.class, c -> new Scale(c.number("init")));
        Registry.registerActivation("swish_beta", Swish.class, c -> new Swish(c.number("beta")));
    }
}
