namespace WindFlow.Core.Stacks;

/// <summary>The kind of value a stack variable holds; it picks the form field and the validation rules.</summary>
public enum VariableType
{
    /// <summary>A single line of text.</summary>
    String,

    /// <summary>Any number (invariant culture, <c>1.5</c>).</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Text that is always secret (masked in forms, encrypted at rest).</summary>
    Password,

    /// <summary>One value out of <see cref="VariableDefinition.Options"/>.</summary>
    Select,

    /// <summary>Multi-line text.</summary>
    Textarea,

    /// <summary>No value: a heading that shows the variables named in <see cref="VariableDefinition.Members"/> together.</summary>
    Group,
}
